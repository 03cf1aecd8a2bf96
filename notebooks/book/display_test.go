package book

import (
	"errors"
	"testing"
)

func TestMustPassesValuesAndPanicsOnError(t *testing.T) {
	if got := Must(3, nil); got != 3 {
		t.Errorf("Must(3, nil) = %v", got)
	}
	if a, b := Must2("a", 2, nil); a != "a" || b != 2 {
		t.Errorf("Must2 = %v, %v", a, b)
	}
	bad := errors.New("bad")
	for name, f := range map[string]func(){
		"Must":  func() { Must(0, bad) },
		"Must2": func() { Must2(0, 0, bad) },
	} {
		func() {
			defer func() {
				if r := recover(); r != bad {
					t.Errorf("%s: recovered %v, want the error", name, r)
				}
			}()
			f()
		}()
	}
}
