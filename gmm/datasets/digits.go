package datasets

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// digitsCSV is the UCI optical digits test set as Debian's python3-sklearn
// 1.2.1 ships it (see data/README.md): 1797 lines of 64 pixels and a label.
//
//go:embed data/digits.csv.gz
var digitsCSV []byte

// DigitsSide is the side of a digit image in pixels: each row of Digits is an
// 8×8 image stored row by row.
const DigitsSide = 8

// Digits returns the 1797 handwritten digits of the UCI "Optical Recognition
// of Handwritten Digits" test set (E. Alpaydin and C. Kaynak, 1998; CC BY 4.0),
// the copy scikit-learn's load_digits reads: x is a new 1797×64 matrix, one
// 8×8 image per row stored row by row (pixel (r, c) in column 8r + c), each
// pixel a count of ink in 0…16; labels holds the digit 0…9 of each row.
// data/README.md gives the provenance and licence.
func Digits() (x *mat.Dense, labels []int) {
	x, labels, err := readDigits(bytes.NewReader(digitsCSV))
	if err != nil {
		panic("datasets: embedded digits: " + err.Error()) // the embedded file is fixed
	}
	return x, labels
}

// readDigits parses gzipped CSV lines of 64 pixels and a label.
func readDigits(r io.Reader) (*mat.Dense, []int, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, nil, err
	}
	recs, err := csv.NewReader(z).ReadAll()
	if err != nil {
		return nil, nil, err
	}
	const d = DigitsSide * DigitsSide
	x := mat.NewDense(len(recs), d, nil)
	labels := make([]int, len(recs))
	for i, rec := range recs {
		if len(rec) != d+1 {
			return nil, nil, fmt.Errorf("line %d has %d fields, want %d", i+1, len(rec), d+1)
		}
		for j, f := range rec[:d] {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			x.Set(i, j, v)
		}
		if labels[i], err = strconv.Atoi(rec[d]); err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", i+1, err)
		}
	}
	return x, labels, nil
}
