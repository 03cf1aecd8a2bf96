//go:build amd64 && !purego

package gmm

//go:noescape
func copyShift4AVX(dst *float64, ld int, src *float64, stride, d4, nr4 int, ref *float64)

//go:noescape
func scatterTri3AVX(u, t *float64, ld, nb, n int, out *float64)
