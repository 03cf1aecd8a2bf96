//go:build amd64 && !purego

#include "textflag.h"

// func copyShift4AVX(dst *float64, ld int, src *float64, stride, d4, nr4 int, ref *float64)
// dst[j*ld+b] = src[b*stride+j] − ref[j] for j < d4 and b < nr4, both multiples of
// 4 (positive): a tile of row-major rows transposed to column-major and shifted,
// in blocks of 4 rows × 4 columns transposed in registers, so that every row is
// read sequentially. The subtraction is the same as copyShiftAVX's (bit for bit).
TEXT ·copyShift4AVX(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ ld+8(FP), R8
	SHLQ $3, R8
	MOVQ src+16(FP), SI
	MOVQ stride+24(FP), R9
	SHLQ $3, R9
	MOVQ d4+32(FP), R10
	MOVQ nr4+40(FP), R11
	MOVQ ref+48(FP), R12
	LEAQ (R9)(R9*2), R13  // 3 strides
	LEAQ (R8)(R8*2), R14  // 3 ld

ct_b:
	// rows b..b+3 start at SI, SI+R9, SI+2R9, SI+R13; columns at DI (+ j*ld)
	MOVQ SI, AX
	MOVQ DI, BX
	XORQ CX, CX

ct_j:
	VMOVUPD (R12)(CX*8), Y8
	VMOVUPD (AX), Y0
	VMOVUPD (AX)(R9*1), Y1
	VMOVUPD (AX)(R9*2), Y2
	VMOVUPD (AX)(R13*1), Y3
	VSUBPD Y8, Y0, Y0
	VSUBPD Y8, Y1, Y1
	VSUBPD Y8, Y2, Y2
	VSUBPD Y8, Y3, Y3
	VUNPCKLPD Y1, Y0, Y4  // a0 b0 a2 b2
	VUNPCKHPD Y1, Y0, Y5  // a1 b1 a3 b3
	VUNPCKLPD Y3, Y2, Y6  // c0 d0 c2 d2
	VUNPCKHPD Y3, Y2, Y7  // c1 d1 c3 d3
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD Y0, (BX)
	VMOVUPD Y1, (BX)(R8*1)
	VMOVUPD Y2, (BX)(R8*2)
	VMOVUPD Y3, (BX)(R14*1)
	ADDQ $32, AX
	LEAQ (BX)(R8*4), BX
	ADDQ $4, CX
	CMPQ CX, R10
	JLT  ct_j

	LEAQ (SI)(R9*4), SI
	ADDQ $32, DI
	SUBQ $4, R11
	JNZ  ct_b
	VZEROUPPER
	RET

// func scatterTri3AVX(u, t *float64, ld, nb, n int, out *float64)
// For every pair of blocks of three rows I ≥ J (I, J < nb, in the order I = 0,
// 1, …, J = 0, …, I) adds the nine dot products Σ_{r<n} u[(3I+a)*ld+r] t[(3J+b)*ld+r]
// (a, b < 3) to out[9p+3a+b], p the pair's index in that order: the lower block
// triangle of U Tᵀ, each block as dot3x3AVX computes it (the same sums bit for
// bit). n must be a positive multiple of 4.
TEXT ·scatterTri3AVX(SB), NOSPLIT, $0-48
	MOVQ ld+16(FP), R9
	SHLQ $3, R9
	MOVQ n+32(FP), R11
	SHLQ $3, R11
	MOVQ out+40(FP), AX
	XORQ R8, R8           // I

st_i:
	MOVQ R8, DX
	IMULQ R9, DX
	LEAQ (DX)(DX*2), DX   // 3I rows
	MOVQ u+0(FP), SI
	ADDQ DX, SI
	LEAQ (SI)(R9*1), R12
	LEAQ (R12)(R9*1), R13
	MOVQ t+8(FP), DI
	XORQ R10, R10         // J

st_j:
	LEAQ (DI)(R9*1), R14
	LEAQ (R14)(R9*1), R15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	XORQ BX, BX

st_b:
	VMOVUPD (SI)(BX*1), Y9
	VMOVUPD (R12)(BX*1), Y10
	VMOVUPD (R13)(BX*1), Y11
	VMOVUPD (DI)(BX*1), Y12
	VMOVUPD (R14)(BX*1), Y13
	VMOVUPD (R15)(BX*1), Y14
	VFMADD231PD Y12, Y9, Y0
	VFMADD231PD Y13, Y9, Y1
	VFMADD231PD Y14, Y9, Y2
	VFMADD231PD Y12, Y10, Y3
	VFMADD231PD Y13, Y10, Y4
	VFMADD231PD Y14, Y10, Y5
	VFMADD231PD Y12, Y11, Y6
	VFMADD231PD Y13, Y11, Y7
	VFMADD231PD Y14, Y11, Y8
	ADDQ $32, BX
	CMPQ BX, R11
	JLT  st_b

	VHADDPD Y1, Y0, Y0
	VHADDPD Y3, Y2, Y2
	VHADDPD Y5, Y4, Y4
	VHADDPD Y7, Y6, Y6
	VEXTRACTF128 $1, Y0, X9
	VADDPD X9, X0, X0
	VEXTRACTF128 $1, Y2, X9
	VADDPD X9, X2, X2
	VEXTRACTF128 $1, Y4, X9
	VADDPD X9, X4, X4
	VEXTRACTF128 $1, Y6, X9
	VADDPD X9, X6, X6
	VADDPD (AX), X0, X0
	VMOVUPD X0, (AX)
	VADDPD 16(AX), X2, X2
	VMOVUPD X2, 16(AX)
	VADDPD 32(AX), X4, X4
	VMOVUPD X4, 32(AX)
	VADDPD 48(AX), X6, X6
	VMOVUPD X6, 48(AX)
	VEXTRACTF128 $1, Y8, X9
	VADDPD X9, X8, X8
	VPERMILPD $1, X8, X9
	VADDSD X9, X8, X8
	VADDSD 64(AX), X8, X8
	VMOVSD X8, 64(AX)
	ADDQ $72, AX

	LEAQ (R15)(R9*1), DI  // next block of t rows
	INCQ R10
	CMPQ R10, R8
	JLE  st_j
	INCQ R8
	CMPQ R8, nb+24(FP)
	JLT  st_i
	VZEROUPPER
	RET
