package book

// Notebook 03a (article C): k-means clusters numbered as gmm.SortComponents
// numbers a mixture's components, so that the two can be drawn alike.

import (
	"fmt"
	"sort"
)

// RankLabels renumbers labels 0..k−1 by the rank of their key: label c becomes
// the position of keys[c] in increasing order (ties in label order). With keys
// the first coordinate of k-means centres, it numbers clusters as
// gmm.SortComponents(m, 0) numbers a mixture's components. It returns an error
// if a label lies outside [0, len(keys)).
func RankLabels(labels []int, keys []float64) ([]int, error) {
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	rank := make([]int, len(keys))
	for r, c := range order {
		rank[c] = r
	}
	out := make([]int, len(labels))
	for i, l := range labels {
		if l < 0 || l >= len(keys) {
			return nil, fmt.Errorf("book: label %d at row %d outside [0, %d)", l, i, len(keys))
		}
		out[i] = rank[l]
	}
	return out, nil
}
