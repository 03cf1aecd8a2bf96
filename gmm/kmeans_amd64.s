//go:build amd64 && !purego

#include "textflag.h"

// kmPrefetch is how many blocks of four rows ahead kmeansNearestAVX prefetches.
#define kmPrefetch 4

// The k-means kernels of kmeans_kernels.go (see there for what they compute and
// for the Go loops that give the same numbers bit for bit).

// DIST3 adds (x − c)² for one row to three accumulators of four centres: the row's
// coordinate j is broadcast from (row)(R15*1), the centres are in Y12, Y13 and at
// 64(R14).
#define DIST3(row, a0, a1, a2) \
	VBROADCASTSD (row)(R15*1), Y14; \
	VSUBPD       Y12, Y14, Y15; \
	VFMADD231PD  Y15, Y15, a0; \
	VSUBPD       Y13, Y14, Y15; \
	VFMADD231PD  Y15, Y15, a1; \
	VSUBPD       64(R14), Y14, Y15; \
	VFMADD231PD  Y15, Y15, a2

// DIST2 is DIST3 for eight centres, in Y8 and Y9.
#define DIST2(row, a0, a1) \
	VBROADCASTSD (row)(R15*1), Y10; \
	VSUBPD       Y8, Y10, Y11; \
	VFMADD231PD  Y11, Y11, a0; \
	VSUBPD       Y9, Y10, Y12; \
	VFMADD231PD  Y12, Y12, a1

// DIST1 is DIST3 for four centres, in Y8.
#define DIST1(row, a0) \
	VBROADCASTSD (row)(R15*1), Y10; \
	VSUBPD       Y8, Y10, Y11; \
	VFMADD231PD  Y11, Y11, a0

// T4 transposes four vectors a, b, c, d (rows) in place into columns, with four
// temporaries: afterwards a holds the first lane of each, b the second, and so on.
#define T4(a, b, c, d, t0, t1, t2, t3) \
	VUNPCKLPD  b, a, t0; \
	VUNPCKHPD  b, a, t1; \
	VUNPCKLPD  d, c, t2; \
	VUNPCKHPD  d, c, t3; \
	VPERM2F128 $0x20, t2, t0, a; \
	VPERM2F128 $0x20, t3, t1, b; \
	VPERM2F128 $0x31, t2, t0, c; \
	VPERM2F128 $0x31, t3, t1, d

// STEP compares the distances v of four rows to the centre whose index is in Y14
// with the smallest so far (Y12, its index in Y13), keeps the strictly smaller
// and moves Y14 to the next centre.
#define STEP(v) \
	VCMPPD    $1, Y12, v, Y15; \
	VBLENDVPD Y15, v, Y12, Y12; \
	VBLENDVPD Y15, Y14, Y13, Y13; \
	VPADDQ    kmConsts<>+8(SB), Y14, Y14

// FIRST4 starts a group's search for the smallest distance: T4 on the four rows'
// distances to the group's first four centres (a, b, c, d, with Y12–Y15 as the
// temporaries), the smallest distance and its index so far from dist and idx
// (DI, SI) into Y12 and Y13, the index of the group's first centre (R13/8) into
// Y14, then STEP through the four centres.
#define FIRST4(a, b, c, d) \
	T4(a, b, c, d, Y12, Y13, Y14, Y15); \
	VMOVUPD      (DI), Y12; \
	VMOVUPD      (SI), Y13; \
	MOVQ         R13, R14; \
	SHRQ         $3, R14; \
	VMOVQ        R14, X14; \
	VPBROADCASTQ X14, Y14; \
	STEP(a); \
	STEP(b); \
	STEP(c); \
	STEP(d)

// NEXT4 takes the group's next four centres: T4 on a, b, c, d with t, u, v, w as
// the temporaries, then STEP.
#define NEXT4(a, b, c, d, t, u, v, w) \
	T4(a, b, c, d, t, u, v, w); \
	STEP(a); \
	STEP(b); \
	STEP(c); \
	STEP(d)

// func kmeansNearestAVX2(x *float64, stride, n, d int, ct *float64, kp int, dist *float64, idx *int)
// For i < n (a multiple of 4): dist[i] = min_c Σ_j (x[i*stride+j] − ct[j*kp+c])²
// over c < kp (a multiple of 4), the squares added in the order of j with fused
// multiply-adds, and idx[i] the first c reaching it. Four rows at a time (AX, BX,
// CX, DX), the centres in groups of twelve, eight or four along the lanes (R13
// the group's byte offset in a row of ct), each load of the centres shared by the
// four rows; the accumulators are then transposed, four centres at a time, to
// compare the centres with the rows along the lanes, the smallest distance and
// its index kept in dist and idx (DI, SI) from one group to the next.
TEXT ·kmeansNearestAVX2(SB), NOSPLIT, $0-64
	MOVQ x+0(FP), AX
	MOVQ stride+8(FP), R8
	SHLQ $3, R8
	MOVQ n+16(FP), R9
	MOVQ d+24(FP), R10
	SHLQ $3, R10
	MOVQ ct+32(FP), R11
	MOVQ kp+40(FP), R12
	SHLQ $3, R12
	MOVQ dist+48(FP), DI
	MOVQ idx+56(FP), SI

kd_rows:
	CMPQ R9, $4
	JLT  kd_done
	LEAQ (AX)(R8*1), BX
	LEAQ (BX)(R8*1), CX
	LEAQ (CX)(R8*1), DX
	// Prefetch the block of four rows kmPrefetch blocks ahead, a cache line at a
	// time (prefetches past the end of the data do not fault), for rows of at
	// least 32 numbers (below, the hardware's prefetcher keeps up with the
	// distances).
	CMPQ   R8, $256
	JLT    kd_prefetched
	LEAQ   (R8)(R8*1), R15
	SHLQ   $1, R15
	IMUL3Q $kmPrefetch, R15, R14
	ADDQ   AX, R14

kd_prefetch:
	PREFETCHT0 (R14)
	ADDQ $64, R14
	SUBQ $64, R15
	JG   kd_prefetch

kd_prefetched:
	XORQ R13, R13
	VBROADCASTSD kmConsts<>+0(SB), Y0
	VMOVUPD Y0, (DI)
	VPXOR   Y0, Y0, Y0
	VMOVDQU Y0, (SI)

kd_group:
	CMPQ R13, R12
	JGE  kd_next
	MOVQ R12, R14
	SUBQ R13, R14
	LEAQ (R11)(R13*1), R15
	CMPQ R14, $96
	JGE  kd_g12
	CMPQ R14, $64
	JGE  kd_g8
	JMP  kd_g4

kd_g12:
	MOVQ R15, R14
	XORQ R15, R15
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

kd_j12:
	VMOVUPD (R14), Y12
	VMOVUPD 32(R14), Y13
	DIST3(AX, Y0, Y1, Y2)
	DIST3(BX, Y3, Y4, Y5)
	DIST3(CX, Y6, Y7, Y8)
	DIST3(DX, Y9, Y10, Y11)
	ADDQ R12, R14
	ADDQ $8, R15
	CMPQ R15, R10
	JLT  kd_j12
	FIRST4(Y0, Y3, Y6, Y9)
	NEXT4(Y1, Y4, Y7, Y10, Y0, Y3, Y6, Y9)
	NEXT4(Y2, Y5, Y8, Y11, Y0, Y3, Y6, Y9)
	VMOVUPD Y12, (DI)
	VMOVDQU Y13, (SI)
	ADDQ $96, R13
	JMP  kd_group

kd_g8:
	MOVQ R15, R14
	XORQ R15, R15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

kd_j8:
	VMOVUPD (R14), Y8
	VMOVUPD 32(R14), Y9
	DIST2(AX, Y0, Y1)
	DIST2(BX, Y2, Y3)
	DIST2(CX, Y4, Y5)
	DIST2(DX, Y6, Y7)
	ADDQ R12, R14
	ADDQ $8, R15
	CMPQ R15, R10
	JLT  kd_j8
	FIRST4(Y0, Y2, Y4, Y6)
	NEXT4(Y1, Y3, Y5, Y7, Y0, Y2, Y4, Y6)
	VMOVUPD Y12, (DI)
	VMOVDQU Y13, (SI)
	ADDQ $64, R13
	JMP  kd_group

kd_g4:
	MOVQ R15, R14
	XORQ R15, R15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

kd_j4:
	VMOVUPD (R14), Y8
	DIST1(AX, Y0)
	DIST1(BX, Y1)
	DIST1(CX, Y2)
	DIST1(DX, Y3)
	ADDQ R12, R14
	ADDQ $8, R15
	CMPQ R15, R10
	JLT  kd_j4
	FIRST4(Y0, Y1, Y2, Y3)
	VMOVUPD Y12, (DI)
	VMOVDQU Y13, (SI)
	ADDQ $32, R13
	JMP  kd_group

kd_next:
	LEAQ (DX)(R8*1), AX
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $4, R9
	JMP  kd_rows

kd_done:
	VZEROUPPER
	RET

// kmConsts: +Inf, then four 1s (int64).
DATA kmConsts<>+0(SB)/8, $0x7ff0000000000000
DATA kmConsts<>+8(SB)/8, $1
DATA kmConsts<>+16(SB)/8, $1
DATA kmConsts<>+24(SB)/8, $1
DATA kmConsts<>+32(SB)/8, $1
GLOBL kmConsts<>(SB), RODATA|NOPTR, $40

// func kmeansAssignAVX(x *float64, stride, n, d int, dist *float64, idx *int, cp *float64, dp int, w *float64, wstride int,
//	labels *int, sums, weight *float64, k int, mask *uint64, acc *kmeansAcc) (ok bool)
// For each row i < n (x row in SI, dist[i] in R11, idx[i] in R15, its weight in
// DI, its label in BX), with b = idx[i]: labels[i] = b (R12 counts the changes),
// weight[b] += w_i, inertia (X14) += w_i dist[i] and sums[b] += w_i (x − cp[b])
// four coordinates at a time, two blocks of four per loop, the last d mod 4
// loaded under mask (Y15). It returns false, leaving the statistics
// incomplete, at the first b not in [0, k) (k in DX; that would be a bug of the
// distance kernel, and is never written outside the statistics).
// Locals: the row's byte stride, the weight's, dp in bytes, the number of blocks
// of eight coordinates, then of four left over (0 or 1), and d mod 4.
TEXT ·kmeansAssignAVX(SB), NOSPLIT, $48-129
	MOVQ stride+8(FP), AX
	SHLQ $3, AX
	MOVQ AX, xs-8(SP)
	MOVQ wstride+72(FP), AX
	SHLQ $3, AX
	MOVQ AX, ws-16(SP)
	MOVQ dp+56(FP), AX
	SHLQ $3, AX
	MOVQ AX, dpb-24(SP)
	MOVQ d+24(FP), AX
	MOVQ AX, CX
	SHRQ $3, AX
	MOVQ AX, d8-32(SP)
	MOVQ CX, AX
	SHRQ $2, AX
	ANDQ $1, AX
	MOVQ AX, d4-40(SP)
	ANDQ $3, CX
	MOVQ CX, dt-48(SP)
	MOVQ k+104(FP), DX
	MOVQ x+0(FP), SI
	MOVQ dist+32(FP), R11
	MOVQ idx+40(FP), R15
	MOVQ w+64(FP), DI
	MOVQ labels+80(FP), BX
	MOVQ n+16(FP), R8
	XORQ R12, R12
	XORQ CX, CX
	MOVQ acc+120(FP), AX
	VMOVSD (AX), X14
	MOVQ mask+112(FP), AX
	VMOVUPD (AX), Y15
	TESTQ R8, R8
	JLE  ka_done

ka_row:
	MOVQ  (R15), AX
	CMPQ  AX, DX
	JAE   ka_bad
	CMPQ  AX, (BX)
	SETNE CL
	ADDQ  CX, R12
	MOVQ  AX, (BX)
	VMOVSD (DI), X2
	MOVQ  weight+96(FP), R9
	VADDSD (R9)(AX*8), X2, X3
	VMOVSD X3, (R9)(AX*8)
	VFMADD231SD (R11), X2, X14
	VBROADCASTSD X2, Y2
	IMULQ dpb-24(SP), AX
	MOVQ  cp+48(FP), R13
	ADDQ  AX, R13
	MOVQ  sums+88(FP), R14
	ADDQ  AX, R14
	XORQ  R10, R10
	MOVQ  d8-32(SP), R9
	TESTQ R9, R9
	JZ    ka_four

ka_eight:
	VMOVUPD (SI)(R10*1), Y3
	VMOVUPD 32(SI)(R10*1), Y5
	VSUBPD  (R13)(R10*1), Y3, Y3
	VSUBPD  32(R13)(R10*1), Y5, Y5
	VMOVUPD (R14)(R10*1), Y4
	VMOVUPD 32(R14)(R10*1), Y6
	VFMADD231PD Y3, Y2, Y4
	VFMADD231PD Y5, Y2, Y6
	VMOVUPD Y4, (R14)(R10*1)
	VMOVUPD Y6, 32(R14)(R10*1)
	ADDQ $64, R10
	DECQ R9
	JNZ  ka_eight

ka_four:
	CMPQ d4-40(SP), $0
	JE   ka_tail
	VMOVUPD (SI)(R10*1), Y3
	VSUBPD  (R13)(R10*1), Y3, Y3
	VMOVUPD (R14)(R10*1), Y4
	VFMADD231PD Y3, Y2, Y4
	VMOVUPD Y4, (R14)(R10*1)
	ADDQ $32, R10

ka_tail:
	CMPQ dt-48(SP), $0
	JE   ka_next
	VMASKMOVPD (SI)(R10*1), Y15, Y3
	VSUBPD  (R13)(R10*1), Y3, Y3
	VMOVUPD (R14)(R10*1), Y4
	VFMADD231PD Y3, Y2, Y4
	VMOVUPD Y4, (R14)(R10*1)

ka_next:
	ADDQ xs-8(SP), SI
	ADDQ $8, R11
	ADDQ $8, R15
	ADDQ ws-16(SP), DI
	ADDQ $8, BX
	DECQ R8
	JNZ  ka_row

ka_done:
	MOVQ acc+120(FP), AX
	VMOVSD X14, (AX)
	ADDQ R12, 8(AX)
	MOVB $1, ok+128(FP)
	VZEROUPPER
	RET

ka_bad:
	MOVB $0, ok+128(FP)
	VZEROUPPER
	RET
