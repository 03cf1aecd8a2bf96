//go:build !amd64 || purego

package gmm

// use512 is always false without the amd64 assembly (a variable so tests can
// read and set it everywhere).
var use512 = false
