package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// An outputFile is a file named by -o. The command checks its path when it parses
// its flags, writes the contents to a temporary file in the same directory when
// it has them, and renames that file into place only after everything else,
// standard output included, has succeeded; on failure it removes the temporary
// file. The path is either left as it was or holds the whole new contents.
//
// The path must be missing or name a regular file that the user may write. A
// symbolic link, a directory, a device (such as /dev/null), a FIFO or a socket is
// refused with an error: -o neither writes through a link nor replaces it, so
// give the path of the link's target to replace that. A new file gets mode 0666
// less the umask; a replaced file keeps its permission bits (its owner becomes
// the user running gmm, and other hard links to it keep the old contents).
type outputFile struct {
	path  string
	perm  fs.FileMode // permission bits of the file replaced
	isNew bool
	tmp   string // the temporary file, once written
}

// temps holds the temporary files written and not yet renamed or removed, for
// removeTemps to remove when the command is interrupted.
var temps = struct {
	sync.Mutex
	names map[string]bool
}{names: make(map[string]bool)}

func addTemp(name string) {
	temps.Lock()
	temps.names[name] = true
	temps.Unlock()
}

func dropTemp(name string) {
	temps.Lock()
	delete(temps.names, name)
	temps.Unlock()
}

// removeTemps removes every temporary file not yet renamed into place: main
// calls it on SIGINT or SIGTERM (a run blocked writing to a pipe, say), so that
// an interrupted run leaves nothing behind either.
func removeTemps() {
	temps.Lock()
	defer temps.Unlock()
	for name := range temps.names {
		os.Remove(name)
		delete(temps.names, name)
	}
}

// errNotRegular is the error for an -o path that is neither missing nor a
// regular file.
var errNotRegular = errors.New("not a regular file")

// checkOutput returns the outputFile for path after checking it can be replaced.
func checkOutput(path string) (*outputFile, error) {
	o := &outputFile{path: path}
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		dir, err := os.Stat(filepath.Dir(path))
		if err != nil {
			return nil, fmt.Errorf("-o %s: %w", path, err)
		}
		if !dir.IsDir() {
			return nil, fmt.Errorf("-o %s: %s is not a directory", path, filepath.Dir(path))
		}
		o.isNew = true
		return o, nil
	}
	if err != nil {
		return nil, fmt.Errorf("-o %s: %w", path, err)
	}
	if err := checkRegular(path, fi); err != nil {
		return nil, err
	}
	// Opening for writing, without truncating, checks the permission to write.
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("-o %s: %w", path, err)
	}
	f.Close()
	o.perm = fi.Mode().Perm()
	return o, nil
}

// checkRegular returns an error wrapping errNotRegular unless fi, the Lstat of
// path, is a regular file.
func checkRegular(path string, fi fs.FileInfo) error {
	var what string
	switch mode := fi.Mode(); {
	case mode.IsRegular():
		return nil
	case mode&fs.ModeSymlink != 0:
		what = "a symbolic link (-o does not write through or replace links: give the target's path)"
	case mode.IsDir():
		what = "a directory"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	case mode&fs.ModeNamedPipe != 0:
		what = "a FIFO"
	default:
		what = "not a file gmm can replace"
	}
	return fmt.Errorf("-o %s: %w: it is %s", path, errNotRegular, what)
}

// write writes, by save, to a new temporary file next to o.path and syncs it to
// disk.
func (o *outputFile) write(save func(io.Writer) error) (err error) {
	f, err := o.createTemp()
	if err != nil {
		return fmt.Errorf("-o %s: %w", o.path, err)
	}
	o.tmp = f.Name()
	addTemp(o.tmp)
	defer func() {
		if err != nil {
			f.Close()
			o.discard()
			err = fmt.Errorf("-o %s: %w", o.path, err)
		}
	}()
	bw := bufio.NewWriter(f)
	if err = save(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if !o.isNew {
		// Chmod, unlike the creation mode, is not masked by the umask.
		if err = f.Chmod(o.perm); err != nil {
			return err
		}
	}
	if err = f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// createTemp creates a file ".NAME.tmpXXXX" in o.path's directory: mode 0666 less
// the umask for a new file, 0600 (changed later) when replacing one.
func (o *outputFile) createTemp() (*os.File, error) {
	dir, base := filepath.Split(o.path)
	perm := fs.FileMode(0o666)
	if !o.isNew {
		perm = 0o600
	}
	for {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// commit renames the temporary file into place, after checking once more that
// the path is missing or a regular file, and syncs the directory.
func (o *outputFile) commit() error {
	if o.tmp == "" {
		return nil
	}
	fi, err := os.Lstat(o.path)
	switch {
	case err == nil:
		err = checkRegular(o.path, fi)
	case errors.Is(err, fs.ErrNotExist):
		err = nil
	}
	if err == nil {
		if err = os.Rename(o.tmp, o.path); err != nil {
			err = fmt.Errorf("-o %s: %w", o.path, err)
		}
	}
	if err != nil {
		o.discard()
		return err
	}
	dropTemp(o.tmp)
	o.tmp = ""
	if d, err := os.Open(filepath.Dir(o.path)); err == nil {
		d.Sync() // best effort: not every file system syncs a directory
		d.Close()
	}
	return nil
}

// discard removes the temporary file, if any.
func (o *outputFile) discard() {
	if o.tmp != "" {
		os.Remove(o.tmp)
		dropTemp(o.tmp)
		o.tmp = ""
	}
}
