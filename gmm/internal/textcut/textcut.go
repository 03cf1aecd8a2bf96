// Package textcut shortens the text that an error message quotes, so that a
// huge field of the input is never copied whole into a message.
package textcut

import "unicode/utf8"

// Max is the largest number of bytes of a field that an error message quotes.
const Max = 40

// Cut returns s if it has at most Max bytes, and otherwise its first Max bytes
// (whole UTF-8 characters only) followed by "…".
func Cut(s string) string {
	if len(s) <= Max {
		return s
	}
	end := Max
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + "…"
}
