//go:build amd64 && !purego

#include "textflag.h"

// func maskedFMA512(dst, a, b *[8]float64, mask uint16)
TEXT ·maskedFMA512(SB), NOSPLIT, $0-26
	MOVQ   dst+0(FP), DI
	MOVQ   a+8(FP), SI
	MOVQ   b+16(FP), DX
	MOVWLZX mask+24(FP), AX
	KMOVW  AX, K1
	VMOVUPD (SI), Z16
	VMOVUPD (DX), Z17
	VMOVUPD (DI), Z18
	VFMADD231PD Z17, Z16, K1, Z18
	VMOVUPD Z18, (DI)
	VZEROUPPER
	RET
