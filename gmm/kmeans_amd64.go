//go:build amd64 && !purego

package gmm

//go:noescape
func kmeansNearestAVX2(x *float64, stride, n, d int, ct *float64, kp int, dist *float64, idx *int)

//go:noescape
func kmeansAssignAVX(x *float64, stride, n, d int, dist *float64, idx *int, cp *float64, dp int, w *float64, wstride int,
	labels *int, sums, weight *float64, k int, mask *uint64, acc *kmeansAcc) (ok bool)
