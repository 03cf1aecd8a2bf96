//go:build !amd64 || purego

package cpu

// AVX2FMA is false: without the amd64 assembly no kernel uses AVX2.
const AVX2FMA = false

// AVX512F is false: without the amd64 assembly nothing is detected.
const AVX512F = false

// UseAVX512 is false: without the amd64 assembly no kernel uses AVX-512F.
const UseAVX512 = false
