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
