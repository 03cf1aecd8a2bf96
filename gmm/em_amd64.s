//go:build amd64 && !purego

#include "textflag.h"

DATA emNegHalf<>+0(SB)/8, $0xbfe0000000000000 // -0.5
GLOBL emNegHalf<>(SB), RODATA|NOPTR, $8

// SYM_RED4 leaves in x0 the four sums of the lanes (Σx0, Σx1, Σx2, Σx3), each
// taken as (l0 + l1) + (l2 + l3); x2 and t are clobbered.
#define SYM_RED4(x0, x1, x2, x3, t) \
	VHADDPD x1, x0, x0; \
	VHADDPD x3, x2, x2; \
	VPERM2F128 $0x20, x2, x0, t; \
	VPERM2F128 $0x31, x2, x0, x0; \
	VADDPD t, x0, x0

// SYM_STORE4 adds the 2 × 4 block of sums in Y0 … Y3 (row a) and Y4 … Y7 (row b)
// to the two pairs at AX: out[0, 1, 4, 5] (row a) and out[2, 3, 6, 7] (row b).
#define SYM_STORE4 \
	SYM_RED4(Y0, Y1, Y2, Y3, Y8); \
	SYM_RED4(Y4, Y5, Y6, Y7, Y9); \
	VEXTRACTF128 $1, Y0, X10; \
	VEXTRACTF128 $1, Y4, X11; \
	VADDPD (AX), X0, X0; \
	VADDPD 16(AX), X4, X4; \
	VADDPD 32(AX), X10, X10; \
	VADDPD 48(AX), X11, X11; \
	VMOVUPD X0, (AX); \
	VMOVUPD X4, 16(AX); \
	VMOVUPD X10, 32(AX); \
	VMOVUPD X11, 48(AX)

// SYM_STOREDIAG adds the diagonal block's sums a·a (Y12), b·a (Y13) and b·b
// (Y14) to out[0], out[2] and out[3] at AX (out[1] gets zero added).
#define SYM_STOREDIAG \
	VXORPD Y15, Y15, Y15; \
	SYM_RED4(Y12, Y15, Y13, Y14, Y8); \
	VADDPD (AX), Y12, Y12; \
	VMOVUPD Y12, (AX)

// MS_HELD computes −t = shift − x and −u = g ⊙ (−t) of row a (x at DI, its
// shift four times at 0(R8)) into Y15 and Y13, then of row b (DX, 32(R8)) into
// Y15 and Y14, calling ta and tb with −t in Y15 for each (products with the
// diagonal block).
#define MS_HELD(ta, tb) \
	VMOVUPD (R8), Y15; \
	VSUBPD (DI)(BX*1), Y15, Y15; \
	VMULPD (SI)(BX*1), Y15, Y13; \
	ta; \
	VMOVUPD 32(R8), Y15; \
	VSUBPD (DX)(BX*1), Y15, Y15; \
	VMULPD (SI)(BX*1), Y15, Y14; \
	tb

// MS_HELDG is MS_HELD with g already in register gr.
#define MS_HELDG(gr, ta, tb) \
	VMOVUPD (R8), Y15; \
	VSUBPD (DI)(BX*1), Y15, Y15; \
	VMULPD gr, Y15, Y13; \
	ta; \
	VMOVUPD 32(R8), Y15; \
	VSUBPD (DX)(BX*1), Y15, Y15; \
	VMULPD gr, Y15, Y14; \
	tb

// MS_ROWS is MS_ROW with the row's shifts already in sh.
#define MS_ROWS(sh, row, acca, accb) \
	VSUBPD (row)(BX*1), sh, Y15; \
	VFMADD231PD Y15, Y13, acca; \
	VFMADD231PD Y15, Y14, accb

// MS_ROW takes one row j of the block (x at row, its shift four times at
// soff(CX)): −t_j into Y15, and (−u_a)(−t_j), (−u_b)(−t_j) added to acca and accb.
#define MS_ROW(soff, row, acca, accb) \
	VMOVUPD soff(CX), Y15; \
	VSUBPD (row)(BX*1), Y15, Y15; \
	VFMADD231PD Y15, Y13, acca; \
	VFMADD231PD Y15, Y14, accb

// MS_DIAGA and MS_DIAGB: the diagonal block's products and the first moments,
// after row a's and row b's −t (Y15) and −u (Y13, Y14).
#define MS_DIAGA \
	VFMADD231PD Y15, Y13, Y8; \
	VADDPD Y13, Y11, Y11
#define MS_DIAGB \
	VFMADD231PD Y15, Y14, Y10; \
	VFMADD231PD Y15, Y13, Y9; \
	VADDPD Y14, Y12, Y12

// MS_STOREDIAG adds the diagonal block's sums (Y8 a·a, Y9 b·a, Y10 b·b) to
// off+0, off+16 and off+24 bytes from AX (off+8 gets zero added), and subtracts
// the sums of −u_a (Y11) and −u_b (Y12) from the first moments of rows a and b
// (at 8(SP) + 16 I); clobbers R10, R12 and Y11 … Y15.
#define MS_STOREDIAG(off) \
	VXORPD Y15, Y15, Y15; \
	SYM_RED4(Y8, Y15, Y9, Y10, Y13); \
	VADDPD off(AX), Y8, Y8; \
	VMOVUPD Y8, off(AX); \
	VHADDPD Y12, Y11, Y11; \
	VEXTRACTF128 $1, Y11, X12; \
	VADDPD X12, X11, X11; \
	MOVQ 0(SP), R12; \
	SHLQ $4, R12; \
	MOVQ 8(SP), R10; \
	ADDQ R12, R10; \
	VMOVUPD (R10), X12; \
	VSUBPD X11, X12, X12; \
	VMOVUPD X12, (R10)

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

// func scatterTri3AVX2(u, t *float64, ld, nb, n int, out *float64)
// For every pair of blocks of three rows I ≥ J (I, J < nb, in the order I = 0,
// 1, …, J = 0, …, I) adds the nine dot products Σ_{r<n} u[(3I+a)*ld+r] t[(3J+b)*ld+r]
// (a, b < 3) to out[9p+3a+b], p the pair's index in that order: the lower block
// triangle of U Tᵀ, each block as dot3x3AVX computes it (the same sums bit for
// bit). n must be a positive multiple of 4.
TEXT ·scatterTri3AVX2(SB), NOSPLIT, $0-48
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

// func residualAVX(xt, gam, sht, rt *float64, ld, d, k, n int)
// rt[j*ld+b] = xt[j*ld+b] − Σ_{c<k} sht[j*k+c] gam[c*ld+b] for j < d and b < n (a
// positive multiple of 16), the products subtracted in the order of c with fused
// multiply-adds: x minus the responsibility-weighted mean of the shifts (sht is
// the K shifts transposed, D × K).
TEXT ·residualAVX(SB), NOSPLIT, $0-64
	MOVQ xt+0(FP), SI
	MOVQ sht+16(FP), R8
	MOVQ rt+24(FP), DI
	MOVQ ld+32(FP), R9
	SHLQ $3, R9
	MOVQ d+40(FP), R10
	MOVQ n+56(FP), R11
	SHLQ $3, R11

rs_j:
	XORQ BX, BX

rs_b:
	VMOVUPD (SI)(BX*1), Y0
	VMOVUPD 32(SI)(BX*1), Y1
	VMOVUPD 64(SI)(BX*1), Y2
	VMOVUPD 96(SI)(BX*1), Y3
	MOVQ gam+8(FP), AX
	ADDQ BX, AX
	MOVQ R8, CX
	MOVQ k+48(FP), DX

rs_c:
	VBROADCASTSD (CX), Y4
	VFNMADD231PD (AX), Y4, Y0
	VFNMADD231PD 32(AX), Y4, Y1
	VFNMADD231PD 64(AX), Y4, Y2
	VFNMADD231PD 96(AX), Y4, Y3
	ADDQ $8, CX
	ADDQ R9, AX
	DECQ DX
	JNZ  rs_c

	VMOVUPD Y0, (DI)(BX*1)
	VMOVUPD Y1, 32(DI)(BX*1)
	VMOVUPD Y2, 64(DI)(BX*1)
	VMOVUPD Y3, 96(DI)(BX*1)
	ADDQ $128, BX
	CMPQ BX, R11
	JLT  rs_b

	MOVQ k+48(FP), DX
	LEAQ (R8)(DX*8), R8
	ADDQ R9, SI
	ADDQ R9, DI
	DECQ R10
	JNZ  rs_j
	VZEROUPPER
	RET

// func firstMomentsAVX(xt, gam, shift, s1 *float64, ld, d, n int)
// s1[j] += Σ_{b<n} gam[b] (xt[j*ld+b] − shift[j]) for j < d, n a positive multiple
// of 16: the first moments of momentsAVX (full = 2) without storing t and u,
// sixteen rows per step into four partial sums (added as (a0 + a1) + (a2 + a3)
// and then across the lanes).
TEXT ·firstMomentsAVX(SB), NOSPLIT, $0-56
	MOVQ xt+0(FP), SI
	MOVQ gam+8(FP), DI
	MOVQ shift+16(FP), R8
	MOVQ s1+24(FP), R14
	MOVQ ld+32(FP), R11
	SHLQ $3, R11
	MOVQ d+40(FP), R12
	MOVQ n+48(FP), R13
	SHLQ $3, R13
	XORQ CX, CX

fm_j:
	VBROADCASTSD (R8)(CX*8), Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	XORQ BX, BX

fm_b:
	VMOVUPD (SI)(BX*1), Y0
	VMOVUPD 32(SI)(BX*1), Y1
	VMOVUPD 64(SI)(BX*1), Y2
	VMOVUPD 96(SI)(BX*1), Y3
	VSUBPD Y8, Y0, Y0
	VSUBPD Y8, Y1, Y1
	VSUBPD Y8, Y2, Y2
	VSUBPD Y8, Y3, Y3
	VFMADD231PD (DI)(BX*1), Y0, Y9
	VFMADD231PD 32(DI)(BX*1), Y1, Y10
	VFMADD231PD 64(DI)(BX*1), Y2, Y11
	VFMADD231PD 96(DI)(BX*1), Y3, Y12
	ADDQ $128, BX
	CMPQ BX, R13
	JLT  fm_b
	VADDPD Y10, Y9, Y9
	VADDPD Y12, Y11, Y11
	VADDPD Y11, Y9, Y9
	VEXTRACTF128 $1, Y9, X10
	VADDPD X10, X9, X9
	VPERMILPD $1, X9, X10
	VADDSD X10, X9, X9
	VADDSD (R14)(CX*8), X9, X9
	VMOVSD X9, (R14)(CX*8)
	ADDQ R11, SI
	INCQ CX
	CMPQ CX, R12
	JLT  fm_j
	VZEROUPPER
	RET

// func pairSumsAVX(a, h *float64, ld, k, n int, pairs *float64)
// pairs[c*k+l] += Σ_{b<n} a[c*ld+b] h[l*ld+b] for c < l < k, n a positive multiple
// of 16, each sum as dotAVX takes it (the same numbers bit for bit).
TEXT ·pairSumsAVX(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), SI
	MOVQ ld+16(FP), R9
	SHLQ $3, R9
	MOVQ k+24(FP), R10
	MOVQ n+32(FP), R11
	SHLQ $3, R11
	MOVQ pairs+40(FP), R12
	XORQ R8, R8           // c

ps_c:
	LEAQ 1(R8), R13       // l
	CMPQ R13, R10
	JGE  ps_done
	MOVQ R13, DI
	IMULQ R9, DI
	ADDQ h+8(FP), DI      // row l of h
	MOVQ R8, R14
	IMULQ R10, R14
	ADDQ R13, R14
	LEAQ (R12)(R14*8), R14 // &pairs[c*k+l]

ps_l:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ BX, BX

ps_b:
	VMOVUPD (SI)(BX*1), Y4
	VMOVUPD 32(SI)(BX*1), Y5
	VMOVUPD 64(SI)(BX*1), Y6
	VMOVUPD 96(SI)(BX*1), Y7
	VFMADD231PD (DI)(BX*1), Y4, Y0
	VFMADD231PD 32(DI)(BX*1), Y5, Y1
	VFMADD231PD 64(DI)(BX*1), Y6, Y2
	VFMADD231PD 96(DI)(BX*1), Y7, Y3
	ADDQ $128, BX
	CMPQ BX, R11
	JLT  ps_b
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VADDSD (R14), X0, X0
	VMOVSD X0, (R14)
	ADDQ $8, R14
	ADDQ R9, DI
	INCQ R13
	CMPQ R13, R10
	JLT  ps_l

	ADDQ R9, SI
	INCQ R8
	JMP  ps_c

ps_done:
	VZEROUPPER
	RET

// func diag32AVX2(mu, iv, xt, out *float64, ld, d, n32 int, cst float64)
// diagLogDensityAVX for n32 rows (a positive multiple of 32), 32 at a time: eight
// independent sums of squares, so that the fused multiply-adds of one coordinate
// do not wait on each other. Each row's sum is taken over j in order exactly as
// diagLogDensityAVX takes it (the same numbers bit for bit).
TEXT ·diag32AVX2(SB), NOSPLIT, $0-64
	MOVQ mu+0(FP), SI
	MOVQ iv+8(FP), R8
	MOVQ xt+16(FP), DI
	MOVQ out+24(FP), R12
	MOVQ ld+32(FP), R9
	SHLQ $3, R9
	MOVQ d+40(FP), R10
	MOVQ n32+48(FP), R11
	SHLQ $3, R11
	XORQ BX, BX

d32_b:
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15
	LEAQ (DI)(BX*1), R15
	XORQ CX, CX

d32_j:
	VBROADCASTSD (SI)(CX*8), Y4
	VBROADCASTSD (R8)(CX*8), Y5
	VSUBPD (R15), Y4, Y0
	VSUBPD 32(R15), Y4, Y1
	VSUBPD 64(R15), Y4, Y2
	VSUBPD 96(R15), Y4, Y3
	VMULPD Y5, Y0, Y6
	VFMADD231PD Y6, Y0, Y8
	VMULPD Y5, Y1, Y7
	VFMADD231PD Y7, Y1, Y9
	VMULPD Y5, Y2, Y6
	VFMADD231PD Y6, Y2, Y10
	VMULPD Y5, Y3, Y7
	VFMADD231PD Y7, Y3, Y11
	VSUBPD 128(R15), Y4, Y0
	VSUBPD 160(R15), Y4, Y1
	VSUBPD 192(R15), Y4, Y2
	VSUBPD 224(R15), Y4, Y3
	VMULPD Y5, Y0, Y6
	VFMADD231PD Y6, Y0, Y12
	VMULPD Y5, Y1, Y7
	VFMADD231PD Y7, Y1, Y13
	VMULPD Y5, Y2, Y6
	VFMADD231PD Y6, Y2, Y14
	VMULPD Y5, Y3, Y7
	VFMADD231PD Y7, Y3, Y15
	ADDQ R9, R15
	INCQ CX
	CMPQ CX, R10
	JLT  d32_j

	VBROADCASTSD cst+56(FP), Y5
	VBROADCASTSD emNegHalf<>(SB), Y4
	VFMADD213PD Y5, Y4, Y8
	VFMADD213PD Y5, Y4, Y9
	VFMADD213PD Y5, Y4, Y10
	VFMADD213PD Y5, Y4, Y11
	VFMADD213PD Y5, Y4, Y12
	VFMADD213PD Y5, Y4, Y13
	VFMADD213PD Y5, Y4, Y14
	VFMADD213PD Y5, Y4, Y15
	VMOVUPD Y8, (R12)(BX*1)
	VMOVUPD Y9, 32(R12)(BX*1)
	VMOVUPD Y10, 64(R12)(BX*1)
	VMOVUPD Y11, 96(R12)(BX*1)
	VMOVUPD Y12, 128(R12)(BX*1)
	VMOVUPD Y13, 160(R12)(BX*1)
	VMOVUPD Y14, 192(R12)(BX*1)
	VMOVUPD Y15, 224(R12)(BX*1)
	ADDQ $256, BX
	CMPQ BX, R11
	JLT  d32_b
	VZEROUPPER
	RET

DATA emHalf<>+0(SB)/8, $0x3fe0000000000000 // 0.5
GLOBL emHalf<>(SB), RODATA|NOPTR, $8

// func tri2AVX2(w, v, xt, out *float64, ld, d, n int, cst float64)
// triLogDensityAVX with the rows of W taken two at a time: for each block of 16
// columns, rows i and i+1 share every load of x (eight independent sums instead of
// four), and a last row alone when d is odd. Each y_i and the sum of their squares
// are taken in the same order as triLogDensityAVX takes them (the same numbers bit
// for bit). n must be a positive multiple of 16.
TEXT ·tri2AVX2(SB), NOSPLIT, $0-64
	MOVQ xt+16(FP), DI
	MOVQ out+24(FP), R12
	MOVQ ld+32(FP), R9
	SHLQ $3, R9
	MOVQ d+40(FP), R10
	MOVQ n+48(FP), R11
	SHLQ $3, R11
	XORQ BX, BX

t2_b:
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	MOVQ w+0(FP), R13
	MOVQ v+8(FP), R14
	XORQ CX, CX

t2_pair:
	LEAQ 1(CX), DX
	CMPQ DX, R10
	JGE  t2_single
	VXORPD Y15, Y15, Y15
	VBROADCASTSD (R14), Y12
	VBROADCASTSD 8(R14), Y13
	VSUBPD Y12, Y15, Y0
	VSUBPD Y13, Y15, Y4
	VMOVAPD Y0, Y1
	VMOVAPD Y0, Y2
	VMOVAPD Y0, Y3
	VMOVAPD Y4, Y5
	VMOVAPD Y4, Y6
	VMOVAPD Y4, Y7
	LEAQ (R13)(DX*8), AX  // row i+1 of w
	LEAQ (DI)(BX*1), R15

t2_j:
	VBROADCASTSD (R13), Y12
	VBROADCASTSD (AX), Y13
	VMOVUPD (R15), Y14
	VFMADD231PD Y14, Y12, Y0
	VFMADD231PD Y14, Y13, Y4
	VMOVUPD 32(R15), Y14
	VFMADD231PD Y14, Y12, Y1
	VFMADD231PD Y14, Y13, Y5
	VMOVUPD 64(R15), Y14
	VFMADD231PD Y14, Y12, Y2
	VFMADD231PD Y14, Y13, Y6
	VMOVUPD 96(R15), Y14
	VFMADD231PD Y14, Y12, Y3
	VFMADD231PD Y14, Y13, Y7
	ADDQ $8, R13
	ADDQ $8, AX
	ADDQ R9, R15
	DECQ DX
	JNZ  t2_j

	// j = i+1: row i+1 only
	VBROADCASTSD (AX), Y13
	VFMADD231PD (R15), Y13, Y4
	VFMADD231PD 32(R15), Y13, Y5
	VFMADD231PD 64(R15), Y13, Y6
	VFMADD231PD 96(R15), Y13, Y7
	VFMADD231PD Y0, Y0, Y8
	VFMADD231PD Y1, Y1, Y9
	VFMADD231PD Y2, Y2, Y10
	VFMADD231PD Y3, Y3, Y11
	VFMADD231PD Y4, Y4, Y8
	VFMADD231PD Y5, Y5, Y9
	VFMADD231PD Y6, Y6, Y10
	VFMADD231PD Y7, Y7, Y11
	LEAQ 8(AX), R13       // row i+2 starts after row i+1
	ADDQ $16, R14
	ADDQ $2, CX
	JMP  t2_pair

t2_single:
	CMPQ CX, R10
	JGE  t2_store
	VXORPD Y15, Y15, Y15
	VBROADCASTSD (R14), Y12
	VSUBPD Y12, Y15, Y0
	VMOVAPD Y0, Y1
	VMOVAPD Y0, Y2
	VMOVAPD Y0, Y3
	LEAQ (DI)(BX*1), R15
	LEAQ 1(CX), DX

t2_sj:
	VBROADCASTSD (R13), Y12
	VFMADD231PD (R15), Y12, Y0
	VFMADD231PD 32(R15), Y12, Y1
	VFMADD231PD 64(R15), Y12, Y2
	VFMADD231PD 96(R15), Y12, Y3
	ADDQ $8, R13
	ADDQ R9, R15
	DECQ DX
	JNZ  t2_sj
	VFMADD231PD Y0, Y0, Y8
	VFMADD231PD Y1, Y1, Y9
	VFMADD231PD Y2, Y2, Y10
	VFMADD231PD Y3, Y3, Y11

t2_store:
	VBROADCASTSD cst+56(FP), Y13
	VBROADCASTSD emHalf<>(SB), Y12
	VFNMADD213PD Y13, Y12, Y8
	VFNMADD213PD Y13, Y12, Y9
	VFNMADD213PD Y13, Y12, Y10
	VFNMADD213PD Y13, Y12, Y11
	VMOVUPD Y8, (R12)(BX*1)
	VMOVUPD Y9, 32(R12)(BX*1)
	VMOVUPD Y10, 64(R12)(BX*1)
	VMOVUPD Y11, 96(R12)(BX*1)
	ADDQ $128, BX
	CMPQ BX, R11
	JLT  t2_b
	VZEROUPPER
	RET

// func rootMomentsAVX(xt, gam, shift, root, vt, s1 *float64, ld, d, n int)
// root[b] = √gam[b] for b < n; then for j < d: vt[j*ld+b] = root[b] (xt[j*ld+b] −
// shift[j]) and s1[j] += Σ_b root[b] vt[j*ld+b] (four partial sums, added as
// (s0 + s1) + (s2 + s3) and then across the lanes). n must be a positive multiple
// of 16 and gam ≥ 0.
TEXT ·rootMomentsAVX(SB), NOSPLIT, $0-72
	MOVQ gam+8(FP), SI
	MOVQ root+24(FP), DI
	MOVQ n+64(FP), R13
	SHLQ $3, R13
	XORQ BX, BX

rm_root:
	VSQRTPD (SI)(BX*1), Y0
	VMOVUPD Y0, (DI)(BX*1)
	ADDQ $32, BX
	CMPQ BX, R13
	JLT  rm_root

	MOVQ xt+0(FP), SI
	MOVQ shift+16(FP), R8
	MOVQ vt+32(FP), R10
	MOVQ s1+40(FP), R14
	MOVQ ld+48(FP), R11
	SHLQ $3, R11
	MOVQ d+56(FP), R12
	XORQ CX, CX

rm_j:
	VBROADCASTSD (R8)(CX*8), Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	XORQ BX, BX

rm_b:
	VMOVUPD (DI)(BX*1), Y4
	VMOVUPD 32(DI)(BX*1), Y5
	VMOVUPD 64(DI)(BX*1), Y6
	VMOVUPD 96(DI)(BX*1), Y7
	VMOVUPD (SI)(BX*1), Y0
	VMOVUPD 32(SI)(BX*1), Y1
	VMOVUPD 64(SI)(BX*1), Y2
	VMOVUPD 96(SI)(BX*1), Y3
	VSUBPD Y8, Y0, Y0
	VSUBPD Y8, Y1, Y1
	VSUBPD Y8, Y2, Y2
	VSUBPD Y8, Y3, Y3
	VMULPD Y4, Y0, Y0
	VMULPD Y5, Y1, Y1
	VMULPD Y6, Y2, Y2
	VMULPD Y7, Y3, Y3
	VMOVUPD Y0, (R10)(BX*1)
	VMOVUPD Y1, 32(R10)(BX*1)
	VMOVUPD Y2, 64(R10)(BX*1)
	VMOVUPD Y3, 96(R10)(BX*1)
	VFMADD231PD Y4, Y0, Y9
	VFMADD231PD Y5, Y1, Y10
	VFMADD231PD Y6, Y2, Y11
	VFMADD231PD Y7, Y3, Y12
	ADDQ $128, BX
	CMPQ BX, R13
	JLT  rm_b

	VADDPD Y10, Y9, Y9
	VADDPD Y12, Y11, Y11
	VADDPD Y11, Y9, Y9
	VEXTRACTF128 $1, Y9, X10
	VADDPD X10, X9, X9
	VPERMILPD $1, X9, X10
	VADDSD X10, X9, X9
	VADDSD (R14)(CX*8), X9, X9
	VMOVSD X9, (R14)(CX*8)
	ADDQ R11, SI
	ADDQ R11, R10
	INCQ CX
	CMPQ CX, R12
	JLT  rm_j
	VZEROUPPER
	RET

// func scatterTri2AVX(u, t *float64, ld, nb, n int, out *float64)
// scatterTri3AVX with blocks of two rows: for every pair of blocks I ≥ J (I, J <
// nb, in the order I = 0, 1, …, J = 0, …, I) adds the four dot products
// Σ_{r<n} u[(2I+a)*ld+r] t[(2J+b)*ld+r] (a, b < 2) to out[4p+2a+b], p the pair's
// index, eight columns per step (eight independent sums). n must be a positive
// multiple of 8.
TEXT ·scatterTri2AVX(SB), NOSPLIT, $0-48
	MOVQ ld+16(FP), R9
	SHLQ $3, R9
	MOVQ n+32(FP), R11
	SHLQ $3, R11
	MOVQ out+40(FP), AX
	XORQ R8, R8           // I

s2_i:
	MOVQ R8, DX
	IMULQ R9, DX
	SHLQ $1, DX           // 2I rows
	MOVQ u+0(FP), SI
	ADDQ DX, SI
	LEAQ (SI)(R9*1), R12
	MOVQ t+8(FP), DI
	XORQ R10, R10         // J

s2_j:
	LEAQ (DI)(R9*1), R14
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ BX, BX

s2_b:
	VMOVUPD (SI)(BX*1), Y8
	VMOVUPD 32(SI)(BX*1), Y9
	VMOVUPD (R12)(BX*1), Y10
	VMOVUPD 32(R12)(BX*1), Y11
	VMOVUPD (DI)(BX*1), Y12
	VMOVUPD 32(DI)(BX*1), Y13
	VMOVUPD (R14)(BX*1), Y14
	VMOVUPD 32(R14)(BX*1), Y15
	VFMADD231PD Y12, Y8, Y0
	VFMADD231PD Y13, Y9, Y1
	VFMADD231PD Y14, Y8, Y2
	VFMADD231PD Y15, Y9, Y3
	VFMADD231PD Y12, Y10, Y4
	VFMADD231PD Y13, Y11, Y5
	VFMADD231PD Y14, Y10, Y6
	VFMADD231PD Y15, Y11, Y7
	ADDQ $64, BX
	CMPQ BX, R11
	JLT  s2_b

	VADDPD Y1, Y0, Y0     // (0,0)
	VADDPD Y3, Y2, Y2     // (0,1)
	VADDPD Y5, Y4, Y4     // (1,0)
	VADDPD Y7, Y6, Y6     // (1,1)
	VHADDPD Y2, Y0, Y0    // (a0+a1, b0+b1, a2+a3, b2+b3)
	VHADDPD Y6, Y4, Y4
	VEXTRACTF128 $1, Y0, X9
	VADDPD X9, X0, X0
	VEXTRACTF128 $1, Y4, X9
	VADDPD X9, X4, X4
	VADDPD (AX), X0, X0
	VMOVUPD X0, (AX)
	VADDPD 16(AX), X4, X4
	VMOVUPD X4, 16(AX)
	ADDQ $32, AX

	LEAQ (R14)(R9*1), DI  // next block of t rows
	INCQ R10
	CMPQ R10, R8
	JLE  s2_j
	INCQ R8
	CMPQ R8, nb+24(FP)
	JLT  s2_i
	VZEROUPPER
	RET

// func diagMomentsAVX(xt, gam, shift, s1, s2 *float64, ld, d, n int)
// For j < d, with t = xt_j − shift_j: s1[j] += Σ_b gam[b] t[b] and s2[j] +=
// Σ_b gam[b] t[b]², sixteen rows per step into eight independent sums (four for
// each moment, added as (a0 + a1) + (a2 + a3) and then across the lanes): the
// diagonal case of momentsAVX. n must be a positive multiple of 16.
TEXT ·diagMomentsAVX(SB), NOSPLIT, $0-64
	MOVQ xt+0(FP), SI
	MOVQ gam+8(FP), DI
	MOVQ shift+16(FP), R8
	MOVQ s1+24(FP), R14
	MOVQ s2+32(FP), R15
	MOVQ ld+40(FP), R11
	SHLQ $3, R11
	MOVQ d+48(FP), R12
	MOVQ n+56(FP), R13
	SHLQ $3, R13
	XORQ CX, CX

dm_j:
	VBROADCASTSD (R8)(CX*8), Y4
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15
	XORQ BX, BX

dm_b:
	VMOVUPD (SI)(BX*1), Y0
	VMOVUPD 32(SI)(BX*1), Y2
	VSUBPD Y4, Y0, Y0
	VSUBPD Y4, Y2, Y2
	VMULPD (DI)(BX*1), Y0, Y1
	VMULPD 32(DI)(BX*1), Y2, Y3
	VADDPD Y1, Y8, Y8
	VADDPD Y3, Y9, Y9
	VFMADD231PD Y1, Y0, Y12
	VFMADD231PD Y3, Y2, Y13
	VMOVUPD 64(SI)(BX*1), Y0
	VMOVUPD 96(SI)(BX*1), Y2
	VSUBPD Y4, Y0, Y0
	VSUBPD Y4, Y2, Y2
	VMULPD 64(DI)(BX*1), Y0, Y1
	VMULPD 96(DI)(BX*1), Y2, Y3
	VADDPD Y1, Y10, Y10
	VADDPD Y3, Y11, Y11
	VFMADD231PD Y1, Y0, Y14
	VFMADD231PD Y3, Y2, Y15
	ADDQ $128, BX
	CMPQ BX, R13
	JLT  dm_b

	VADDPD Y9, Y8, Y8
	VADDPD Y11, Y10, Y10
	VADDPD Y10, Y8, Y8
	VEXTRACTF128 $1, Y8, X9
	VADDPD X9, X8, X8
	VPERMILPD $1, X8, X9
	VADDSD X9, X8, X8
	VADDSD (R14)(CX*8), X8, X8
	VMOVSD X8, (R14)(CX*8)
	VADDPD Y13, Y12, Y12
	VADDPD Y15, Y14, Y14
	VADDPD Y14, Y12, Y12
	VEXTRACTF128 $1, Y12, X13
	VADDPD X13, X12, X12
	VPERMILPD $1, X12, X13
	VADDSD X13, X12, X12
	VADDSD (R15)(CX*8), X12, X12
	VMOVSD X12, (R15)(CX*8)
	ADDQ R11, SI
	INCQ CX
	CMPQ CX, R12
	JLT  dm_j
	VZEROUPPER
	RET

// func sqDist32AVX2(mu, xt, out *float64, ld, d, n32 int, cst float64)
// diag32AVX with every iv_j = 1, without the multiplications by 1 (which are
// exact): out[b] = cst − ½ Σ_j (xt[j*ld+b] − mu_j)², the same numbers bit for bit.
// n32 must be a positive multiple of 32.
TEXT ·sqDist32AVX2(SB), NOSPLIT, $0-56
	MOVQ mu+0(FP), SI
	MOVQ xt+8(FP), DI
	MOVQ out+16(FP), R12
	MOVQ ld+24(FP), R9
	SHLQ $3, R9
	MOVQ d+32(FP), R10
	MOVQ n32+40(FP), R11
	SHLQ $3, R11
	XORQ BX, BX

sq_b:
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15
	LEAQ (DI)(BX*1), R15
	XORQ CX, CX

sq_j:
	VBROADCASTSD (SI)(CX*8), Y4
	VSUBPD (R15), Y4, Y0
	VSUBPD 32(R15), Y4, Y1
	VSUBPD 64(R15), Y4, Y2
	VSUBPD 96(R15), Y4, Y3
	VFMADD231PD Y0, Y0, Y8
	VFMADD231PD Y1, Y1, Y9
	VFMADD231PD Y2, Y2, Y10
	VFMADD231PD Y3, Y3, Y11
	VSUBPD 128(R15), Y4, Y0
	VSUBPD 160(R15), Y4, Y1
	VSUBPD 192(R15), Y4, Y2
	VSUBPD 224(R15), Y4, Y3
	VFMADD231PD Y0, Y0, Y12
	VFMADD231PD Y1, Y1, Y13
	VFMADD231PD Y2, Y2, Y14
	VFMADD231PD Y3, Y3, Y15
	ADDQ R9, R15
	INCQ CX
	CMPQ CX, R10
	JLT  sq_j

	VBROADCASTSD cst+48(FP), Y5
	VBROADCASTSD emNegHalf<>(SB), Y4
	VFMADD213PD Y5, Y4, Y8
	VFMADD213PD Y5, Y4, Y9
	VFMADD213PD Y5, Y4, Y10
	VFMADD213PD Y5, Y4, Y11
	VFMADD213PD Y5, Y4, Y12
	VFMADD213PD Y5, Y4, Y13
	VFMADD213PD Y5, Y4, Y14
	VFMADD213PD Y5, Y4, Y15
	VMOVUPD Y8, (R12)(BX*1)
	VMOVUPD Y9, 32(R12)(BX*1)
	VMOVUPD Y10, 64(R12)(BX*1)
	VMOVUPD Y11, 96(R12)(BX*1)
	VMOVUPD Y12, 128(R12)(BX*1)
	VMOVUPD Y13, 160(R12)(BX*1)
	VMOVUPD Y14, 192(R12)(BX*1)
	VMOVUPD Y15, 224(R12)(BX*1)
	ADDQ $256, BX
	CMPQ BX, R11
	JLT  sq_b
	VZEROUPPER
	RET

// func copyShift2AVX(dst *float64, ld int, src *float64, nr4 int, ref *float64)
// copyShift4AVX for two contiguous columns (stride 2): dst[b] = src[2b] − ref[0]
// and dst[ld+b] = src[2b+1] − ref[1] for b < nr4 (a positive multiple of 4), four
// rows from two loads, split by unpacking and a permutation. The subtraction is
// the same as copyShiftAVX's (bit for bit).
TEXT ·copyShift2AVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ld+8(FP), R8
	SHLQ $3, R8
	MOVQ src+16(FP), SI
	MOVQ nr4+24(FP), CX
	MOVQ ref+32(FP), R12
	VBROADCASTSD (R12), Y6
	VBROADCASTSD 8(R12), Y7
	LEAQ (DI)(R8*1), R9

c2_b:
	VMOVUPD (SI), Y0      // x0 y0 x1 y1
	VMOVUPD 32(SI), Y1    // x2 y2 x3 y3
	VUNPCKLPD Y1, Y0, Y2  // x0 x2 x1 x3
	VUNPCKHPD Y1, Y0, Y3  // y0 y2 y1 y3
	VPERMPD $0xd8, Y2, Y2 // x0 x1 x2 x3
	VPERMPD $0xd8, Y3, Y3
	VSUBPD Y6, Y2, Y2
	VSUBPD Y7, Y3, Y3
	VMOVUPD Y2, (DI)
	VMOVUPD Y3, (R9)
	ADDQ $64, SI
	ADDQ $32, DI
	ADDQ $32, R9
	SUBQ $4, CX
	JNZ  c2_b
	VZEROUPPER
	RET

// func prefetchLinesAVX(p *float64, n int)
// Prefetches the n > 0 bytes from p into the caches, a line of 64 bytes at a time
// (a hint only: no memory is changed, and prefetches do not fault).
TEXT ·prefetchLinesAVX(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), AX
	MOVQ n+8(FP), CX

pf_line:
	PREFETCHT0 (AX)
	ADDQ $64, AX
	SUBQ $64, CX
	JG   pf_line
	RET

// func scatterSym2AVX(v *float64, ld, nb, n int, out *float64)
// scatterTri2AVX(v, v, ld, nb, n, out) for the symmetric product V Vᵀ, without
// the diagonal blocks' entries above the diagonal (out[4p+1] of a pair I = J is
// left as it is; unpackScatter does not read it). For each block of two rows
// I (rows a = 2I, b = 2I + 1), the rows 0 … 2I − 1 are taken four at a time with
// a and b held in registers (a 2 × 4 block: eight sums from six loads), the
// last two or four of them in the same pass as the diagonal block's three
// products; the sums of a pass are added across the lanes once per call. n must
// be a positive multiple of 8.
TEXT ·scatterSym2AVX(SB), NOSPLIT, $0-40
	MOVQ v+0(FP), SI
	MOVQ ld+8(FP), R9
	SHLQ $3, R9
	MOVQ n+24(FP), R11
	SHLQ $3, R11
	MOVQ out+32(FP), AX
	XORQ R8, R8           // I

sy_i:
	MOVQ R8, DI
	IMULQ R9, DI
	SHLQ $1, DI
	ADDQ SI, DI           // row a = 2I
	LEAQ (DI)(R9*1), DX   // row b
	MOVQ SI, R12          // row 2J, J = 0
	MOVQ R8, R10
	SHLQ $1, R10          // rows left of the diagonal block

sy_pass:
	CMPQ R10, $4
	JEQ  sy_p4d
	JLT  sy_small

	// a, b against rows 2J … 2J+3 (pairs J, J+1)
	LEAQ (R12)(R9*1), R13
	LEAQ (R12)(R9*2), R14
	LEAQ (R13)(R9*2), R15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ BX, BX

sy_p4_b:
	VMOVUPD (DI)(BX*1), Y8
	VMOVUPD (DX)(BX*1), Y9
	VMOVUPD (R12)(BX*1), Y10
	VFMADD231PD Y10, Y8, Y0
	VFMADD231PD Y10, Y9, Y4
	VMOVUPD (R13)(BX*1), Y11
	VFMADD231PD Y11, Y8, Y1
	VFMADD231PD Y11, Y9, Y5
	VMOVUPD (R14)(BX*1), Y10
	VFMADD231PD Y10, Y8, Y2
	VFMADD231PD Y10, Y9, Y6
	VMOVUPD (R15)(BX*1), Y11
	VFMADD231PD Y11, Y8, Y3
	VFMADD231PD Y11, Y9, Y7
	ADDQ $32, BX
	CMPQ BX, R11
	JLT  sy_p4_b

	SYM_STORE4
	ADDQ $64, AX
	LEAQ (R12)(R9*4), R12
	SUBQ $4, R10
	JMP  sy_pass

sy_p4d:
	// a, b against rows 2J … 2J+3 = 2I−4 … 2I−1, and the diagonal block
	LEAQ (R12)(R9*1), R13
	LEAQ (R12)(R9*2), R14
	LEAQ (R13)(R9*2), R15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	XORQ BX, BX

sy_p4d_b:
	VMOVUPD (DI)(BX*1), Y8
	VMOVUPD (DX)(BX*1), Y9
	VMOVUPD (R12)(BX*1), Y10
	VFMADD231PD Y10, Y8, Y0
	VFMADD231PD Y10, Y9, Y4
	VMOVUPD (R13)(BX*1), Y11
	VFMADD231PD Y11, Y8, Y1
	VFMADD231PD Y11, Y9, Y5
	VMOVUPD (R14)(BX*1), Y10
	VFMADD231PD Y10, Y8, Y2
	VFMADD231PD Y10, Y9, Y6
	VMOVUPD (R15)(BX*1), Y11
	VFMADD231PD Y11, Y8, Y3
	VFMADD231PD Y11, Y9, Y7
	VFMADD231PD Y8, Y8, Y12
	VFMADD231PD Y9, Y8, Y13
	VFMADD231PD Y9, Y9, Y14
	ADDQ $32, BX
	CMPQ BX, R11
	JLT  sy_p4d_b

	SYM_STORE4
	ADDQ $64, AX
	SYM_STOREDIAG
	ADDQ $32, AX
	JMP  sy_next

sy_small:
	CMPQ R10, $2
	JLT  sy_pd

	// a, b against rows 2I−2, 2I−1 (pair I−1), and the diagonal block
	LEAQ (R12)(R9*1), R13
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	XORQ BX, BX

sy_p2d_b:
	VMOVUPD (DI)(BX*1), Y8
	VMOVUPD (DX)(BX*1), Y9
	VMOVUPD (R12)(BX*1), Y10
	VFMADD231PD Y10, Y8, Y0
	VFMADD231PD Y10, Y9, Y4
	VMOVUPD (R13)(BX*1), Y11
	VFMADD231PD Y11, Y8, Y1
	VFMADD231PD Y11, Y9, Y5
	VFMADD231PD Y8, Y8, Y12
	VFMADD231PD Y9, Y8, Y13
	VFMADD231PD Y9, Y9, Y14
	ADDQ $32, BX
	CMPQ BX, R11
	JLT  sy_p2d_b

	// pair I−1: (a·t0, a·t1, b·t0, b·t1) = out[0 … 3]
	SYM_RED4(Y0, Y1, Y4, Y5, Y8)
	VADDPD (AX), Y0, Y0
	VMOVUPD Y0, (AX)
	ADDQ $32, AX
	SYM_STOREDIAG
	ADDQ $32, AX
	JMP  sy_next

sy_pd:
	// the diagonal block alone (I = 0), eight columns per step
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	XORQ BX, BX

sy_pd_b:
	VMOVUPD (DI)(BX*1), Y8
	VMOVUPD (DX)(BX*1), Y9
	VMOVUPD 32(DI)(BX*1), Y10
	VMOVUPD 32(DX)(BX*1), Y11
	VFMADD231PD Y8, Y8, Y12
	VFMADD231PD Y9, Y8, Y13
	VFMADD231PD Y9, Y9, Y14
	VFMADD231PD Y10, Y10, Y0
	VFMADD231PD Y11, Y10, Y1
	VFMADD231PD Y11, Y11, Y2
	ADDQ $64, BX
	CMPQ BX, R11
	JLT  sy_pd_b
	VADDPD Y0, Y12, Y12
	VADDPD Y1, Y13, Y13
	VADDPD Y2, Y14, Y14
	SYM_STOREDIAG
	ADDQ $32, AX

sy_next:
	INCQ R8
	CMPQ R8, nb+16(FP)
	JLT  sy_i
	VZEROUPPER
	RET

// func momentsSym2AVX(xt, gam, shift4 *float64, ld, nb, n int, out *float64)
// One component's first and second moments of a tile without storing t or u:
// with t_j = xt_j − shift_j and u_j = g ⊙ t_j (rows j < 2nb; those past d are
// zero rows of xt with zero shifts; shift4[4j … 4j+3] = shift_j, so that the
// shifts are loaded as vectors, not broadcast), adds u_a · t_c to out[4p+2α+γ] for every
// pair of blocks of two rows I ≥ J (a = 2I+α, c = 2J+γ, p the pair's index in
// the order of scatterTri2AVX; a diagonal block's out[4p+1] gets zero added),
// Σ_b u_j[b] to out[L+j], L = 2nb(nb+1), for j < 2nb, and Σ_b g[b] to
// out[L+2nb]. The schedule of the
// blocks is scatterSym2AVX's; t and u of the two rows of block I are computed
// in registers at every step (as shift − x and g ⊙ (shift − x): the signs cancel
// in the products, and the first moments are subtracted), t of the rows of the
// blocks J < I likewise, so that no matrix is stored. n must be a positive
// multiple of 8.
TEXT ·momentsSym2AVX(SB), NOSPLIT, $16-56
	MOVQ gam+8(FP), SI
	MOVQ ld+24(FP), R9
	SHLQ $3, R9
	MOVQ n+40(FP), R11
	SHLQ $3, R11
	MOVQ out+48(FP), AX
	MOVQ nb+32(FP), R10
	LEAQ 1(R10), R12
	IMULQ R12, R10
	SHLQ $4, R10          // 8 · 2nb(nb+1) bytes of pairs
	ADDQ AX, R10
	MOVQ R10, 8(SP)       // the first moments
	MOVQ $0, 0(SP)        // I

ms_i:
	MOVQ 0(SP), R10
	MOVQ R10, DI
	IMULQ R9, DI
	SHLQ $1, DI
	MOVQ xt+0(FP), R12
	ADDQ R12, DI          // row a = 2I
	LEAQ (DI)(R9*1), DX   // row b
	MOVQ shift4+16(FP), CX // shifts of rows 2J …, J = 0
	SHLQ $6, R10
	LEAQ (CX)(R10*1), R8  // shifts of rows a, b
	SHRQ $5, R10          // rows left of the diagonal block: 2I

ms_pass:
	CMPQ R10, $4
	JEQ  ms_p4d
	JLT  ms_small

	// a, b against rows 2J … 2J+3
	LEAQ (R12)(R9*1), R13
	LEAQ (R12)(R9*2), R14
	LEAQ (R13)(R9*2), R15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VMOVUPD 0(CX), Y9
	VMOVUPD 32(CX), Y10
	VMOVUPD 64(CX), Y11
	VMOVUPD 96(CX), Y12
	XORQ BX, BX

ms_p4_b:
	VMOVUPD (SI)(BX*1), Y8
	MS_HELDG(Y8, NOP, NOP)
	MS_ROWS(Y9, R12, Y0, Y4)
	MS_ROWS(Y10, R13, Y1, Y5)
	MS_ROWS(Y11, R14, Y2, Y6)
	MS_ROWS(Y12, R15, Y3, Y7)
	ADDQ $32, BX
	CMPQ BX, R11
	JLT  ms_p4_b

	SYM_STORE4
	ADDQ $64, AX
	LEAQ (R12)(R9*4), R12
	ADDQ $128, CX
	SUBQ $4, R10
	JMP  ms_pass

ms_p4d:
	// a, b against rows 2I−4 … 2I−1, the diagonal block and the first moments
	LEAQ (R12)(R9*1), R13
	LEAQ (R12)(R9*2), R14
	LEAQ (R13)(R9*2), R15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	XORQ BX, BX

ms_p4d_b:
	MS_HELD(MS_DIAGA, MS_DIAGB)
	MS_ROW(0, R12, Y0, Y4)
	MS_ROW(32, R13, Y1, Y5)
	MS_ROW(64, R14, Y2, Y6)
	MS_ROW(96, R15, Y3, Y7)
	ADDQ $32, BX
	CMPQ BX, R11
	JLT  ms_p4d_b

	MS_STOREDIAG(64)
	SYM_STORE4
	ADDQ $96, AX
	JMP  ms_next

ms_small:
	CMPQ R10, $2
	JLT  ms_pd

	// a, b against rows 2I−2, 2I−1, the diagonal block and the first moments
	LEAQ (R12)(R9*1), R13
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	VMOVUPD 0(CX), Y3
	VMOVUPD 32(CX), Y6
	XORQ BX, BX

ms_p2d_b:
	VMOVUPD (SI)(BX*1), Y2
	MS_HELDG(Y2, MS_DIAGA, MS_DIAGB)
	MS_ROWS(Y3, R12, Y0, Y4)
	MS_ROWS(Y6, R13, Y1, Y5)
	ADDQ $32, BX
	CMPQ BX, R11
	JLT  ms_p2d_b

	MS_STOREDIAG(32)
	SYM_RED4(Y0, Y1, Y4, Y5, Y8)
	VADDPD (AX), Y0, Y0
	VMOVUPD Y0, (AX)
	ADDQ $64, AX
	JMP  ms_next

ms_pd:
	// the diagonal block and the first moments alone (I = 0), and Σ g: eight
	// columns per step (the sums of columns 4 … 7 of each step in Y1 … Y5),
	// for independent sums
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	XORQ BX, BX

ms_pd_b:
	MS_HELD(MS_DIAGA, MS_DIAGB)
	VMOVUPD (R8), Y15
	VSUBPD 32(DI)(BX*1), Y15, Y15
	VMULPD 32(SI)(BX*1), Y15, Y6
	VFMADD231PD Y15, Y6, Y1
	VADDPD Y6, Y4, Y4
	VMOVUPD 32(R8), Y15
	VSUBPD 32(DX)(BX*1), Y15, Y15
	VMULPD 32(SI)(BX*1), Y15, Y7
	VFMADD231PD Y15, Y7, Y3
	VFMADD231PD Y15, Y6, Y2
	VADDPD Y7, Y5, Y5
	VMOVUPD (SI)(BX*1), Y15
	VADDPD 32(SI)(BX*1), Y15, Y15
	VADDPD Y15, Y0, Y0
	ADDQ $64, BX
	CMPQ BX, R11
	JLT  ms_pd_b

	VADDPD Y1, Y8, Y8
	VADDPD Y2, Y9, Y9
	VADDPD Y3, Y10, Y10
	VADDPD Y4, Y11, Y11
	VADDPD Y5, Y12, Y12
	MS_STOREDIAG(0)
	ADDQ $32, AX
	VEXTRACTF128 $1, Y0, X1
	VHADDPD X0, X0, X0
	VHADDPD X1, X1, X1
	VADDSD X1, X0, X0     // (l0 + l1) + (l2 + l3)
	MOVQ nb+32(FP), R10
	SHLQ $4, R10
	ADDQ 8(SP), R10       // after the 2nb first moments
	VADDSD (R10), X0, X0
	VMOVSD X0, (R10)

ms_next:
	MOVQ 0(SP), R10
	INCQ R10
	MOVQ R10, 0(SP)
	CMPQ R10, nb+32(FP)
	JLT  ms_i
	VZEROUPPER
	RET
