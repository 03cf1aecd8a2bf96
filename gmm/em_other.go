//go:build !amd64 || purego

package gmm

func copyShift4AVX(dst *float64, ld int, src *float64, stride, d4, nr4 int, ref *float64) {
	panic("unreachable")
}

func scatterTri3AVX(u, t *float64, ld, nb, n int, out *float64) { panic("unreachable") }
