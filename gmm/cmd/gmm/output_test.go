//go:build unix

package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// failingWriter is standard output on a full disk (as >/dev/full).
type failingWriter struct{ writes int }

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	return 0, syscall.ENOSPC
}

// dirEntries returns the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestFitOutputFullStdout: `gmm fit -k 2 -o m.json data.csv >/dev/full` exits 1
// and leaves no m.json and no temporary file (issue 12, item 5).
func TestFitOutputFullStdout(t *testing.T) {
	data, _ := writeSample(t, articleD(t), []int{20, 20, 20}, 1)
	dir := t.TempDir()
	var errOut strings.Builder
	code := run([]string{"fit", "-k", "2", "-o", filepath.Join(dir, "m.json"), data}, strings.NewReader(""), &failingWriter{}, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "writing output") {
		t.Errorf("exit %d, stderr %q; want exit 1 and a message about writing the output", code, errOut.String())
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("a failed run left %q", names)
	}
}

// TestSampleStopsOnFullStdout: a streaming command stops at the first chunk it
// cannot write, instead of drawing all 10⁹ rows.
func TestSampleStopsOnFullStdout(t *testing.T) {
	model := writeTemp(t, "b.json", articleBModel)
	w := &failingWriter{}
	var errOut strings.Builder
	code := run([]string{"sample", "-model", model, "-n", "1e9"}, strings.NewReader(""), w, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "writing output") || w.writes > 2 {
		t.Errorf("exit %d after %d writes, stderr %q; want exit 1 after the first chunk", code, w.writes, errOut.String())
	}
}

// TestOutputRefusesNonRegular: -o refuses a symbolic link (leaving it and its
// target alone), a FIFO, a device and a directory, before fitting (issue 12,
// item 1).
func TestOutputRefusesNonRegular(t *testing.T) {
	data, _ := writeSample(t, articleD(t), []int{20, 20, 20}, 1)
	dir := t.TempDir()
	target := filepath.Join(dir, "target.json")
	if err := os.WriteFile(target, []byte("target"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.json")
	if err := os.Symlink(filepath.Join(dir, "nowhere.json"), dangling); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{link, "is a symbolic link"},
		{dangling, "is a symbolic link"},
		{fifo, "is a FIFO"},
		{"/dev/null", "is a device"},
		{dir, "is a directory"},
		{filepath.Join(dir, "missing", "m.json"), "no such file or directory"},
	} {
		gmmFails(t, 1, tc.want, "", "fit", "-k", "2", "-o", tc.path, data)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", fi, err)
	}
	if b, err := os.ReadFile(target); err != nil || string(b) != "target" {
		t.Errorf("the link's target holds %q (%v)", b, err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v, %v", fi, err)
	}
	want := []string{"dangling.json", "fifo", "link.json", "target.json"}
	if names := dirEntries(t, dir); strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("directory holds %q, want %q", names, want)
	}
}

// TestOutputReadOnly: a file the user may not write is an error and unchanged.
func TestOutputReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write any file")
	}
	data, _ := writeSample(t, articleD(t), []int{20, 20, 20}, 1)
	path := filepath.Join(t.TempDir(), "ro.json")
	if err := os.WriteFile(path, []byte("old"), 0o444); err != nil {
		t.Fatal(err)
	}
	gmmFails(t, 1, "permission denied", "", "fit", "-k", "2", "-o", path, data)
	if b, err := os.ReadFile(path); err != nil || string(b) != "old" {
		t.Errorf("the read-only file holds %q (%v)", b, err)
	}
}

// TestOutputMode: a replaced file keeps its permission bits; a new one gets 0666
// less the umask.
func TestOutputMode(t *testing.T) {
	data, _ := writeSample(t, articleD(t), []int{20, 20, 20}, 1)
	dir := t.TempDir()
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	for _, perm := range []os.FileMode{0o600, 0o640, 0o664} {
		path := filepath.Join(dir, "m.json")
		if err := os.WriteFile(path, []byte("old"), 0); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, perm); err != nil {
			t.Fatal(err)
		}
		gmmOK(t, "", "fit", "-k", "2", "-o", path, data)
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != perm {
			t.Errorf("replaced file has mode %v (%v), want %v", fi.Mode().Perm(), err, perm)
		}
	}
	path := filepath.Join(dir, "new.json")
	gmmOK(t, "", "fit", "-k", "2", "-o", path, data)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("new file has mode %v (%v), want 0640 under umask 027", fi.Mode().Perm(), err)
	}
	if names := dirEntries(t, dir); len(names) != 2 {
		t.Errorf("directory holds %q, want m.json and new.json", names)
	}
}

// TestCheckOutputErrorIsTyped: the refusal wraps errNotRegular.
func TestCheckOutputErrorIsTyped(t *testing.T) {
	_, err := checkOutput("/dev/null")
	if !errors.Is(err, errNotRegular) {
		t.Errorf("checkOutput(/dev/null): %v, want errNotRegular", err)
	}
}

// TestRemoveTemps: the temporary file of a run interrupted before its rename
// (main calls removeTemps on SIGINT and SIGTERM) is removed.
func TestRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	o, err := checkOutput(filepath.Join(dir, "m.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := o.write(func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err }); err != nil {
		t.Fatal(err)
	}
	if names := dirEntries(t, dir); len(names) != 1 || !strings.HasPrefix(names[0], ".m.json.tmp") {
		t.Fatalf("directory holds %q, want the temporary file", names)
	}
	removeTemps()
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("removeTemps left %q", names)
	}
	if err := o.commit(); err == nil {
		t.Error("commit after removeTemps: no error")
	}
}
