package book

import (
	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot/vg"

	"gmmbook/gmm/gmmplot"
)

// Must returns v, and stops the cell with a panic if err is not nil: in a
// notebook, an error is the end of the cell, shown with its message.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Must2 is Must for two results.
func Must2[T, U any](t T, u U, err error) (T, U) {
	if err != nil {
		panic(err)
	}
	return t, u
}

// Show displays a figure of w × h inches as a PNG image in the notebook. It
// panics if the figure cannot be drawn.
func Show(fig gmmplot.Drawer, w, h float64) {
	gonbui.DisplayPng(Must(gmmplot.PNG(fig, vg.Length(w)*vg.Inch, vg.Length(h)*vg.Inch)))
	gonbui.Sync() // wait until Jupyter has the image before the cell's program ends
}

// Markdown displays Markdown text, LaTeX included, in the notebook.
func Markdown(text string) {
	gonbui.DisplayMarkdown(text)
	gonbui.Sync()
}
