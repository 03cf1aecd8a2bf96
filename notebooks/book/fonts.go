package book

import (
	"codeberg.org/go-fonts/dejavu/dejavuserif"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
)

// FigureFont is the default font of every figure made after book is imported:
// DejaVu Serif, which has the subscript letters (μₖ, Σₖ, πₖ) that gonum/plot's
// default, Liberation Serif, lacks.
var FigureFont = font.Font{Typeface: "DejaVu", Variant: "Serif"}

func init() {
	face, err := opentype.Parse(dejavuserif.TTF)
	if err != nil {
		panic("book: the embedded DejaVu Serif does not parse: " + err.Error())
	}
	font.DefaultCache.Add([]font.Face{{Font: FigureFont, Face: face}})
	plot.DefaultFont = FigureFont
}
