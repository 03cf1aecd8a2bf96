//go:build amd64 && !purego

#include "textflag.h"

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

// func kmeansDistAVX(x *float64, stride, n, d int, ct *float64, kp int, e *float64)
// e[i*kp+c] = Σ_j (x[i*stride+j] − ct[j*kp+c])², the squares added in the order of
// j with fused multiply-adds, for i < n (a multiple of 4) and c < kp (a multiple
// of 4). Four rows at a time (AX, BX, CX, DX), the centres in groups of twelve,
// eight or four along the lanes (R13 the group's byte offset in a row of ct and
// of e), each load of the centres shared by the four rows.
TEXT ·kmeansDistAVX(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), AX
	MOVQ stride+8(FP), R8
	SHLQ $3, R8
	MOVQ n+16(FP), R9
	MOVQ d+24(FP), R10
	SHLQ $3, R10
	MOVQ ct+32(FP), R11
	MOVQ kp+40(FP), R12
	SHLQ $3, R12
	MOVQ e+48(FP), DI

kd_rows:
	CMPQ R9, $4
	JLT  kd_done
	LEAQ (AX)(R8*1), BX
	LEAQ (BX)(R8*1), CX
	LEAQ (CX)(R8*1), DX
	XORQ R13, R13

kd_group:
	MOVQ R12, SI
	SUBQ R13, SI
	JLE  kd_next
	LEAQ (R11)(R13*1), R14
	XORQ R15, R15
	CMPQ SI, $96
	JGE  kd_g12
	CMPQ SI, $64
	JGE  kd_g8
	JMP  kd_g4

kd_g12:
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
	LEAQ (DI)(R13*1), SI
	VMOVUPD Y0, (SI)
	VMOVUPD Y1, 32(SI)
	VMOVUPD Y2, 64(SI)
	ADDQ R12, SI
	VMOVUPD Y3, (SI)
	VMOVUPD Y4, 32(SI)
	VMOVUPD Y5, 64(SI)
	ADDQ R12, SI
	VMOVUPD Y6, (SI)
	VMOVUPD Y7, 32(SI)
	VMOVUPD Y8, 64(SI)
	ADDQ R12, SI
	VMOVUPD Y9, (SI)
	VMOVUPD Y10, 32(SI)
	VMOVUPD Y11, 64(SI)
	ADDQ $96, R13
	JMP  kd_group

kd_g8:
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
	LEAQ (DI)(R13*1), SI
	VMOVUPD Y0, (SI)
	VMOVUPD Y1, 32(SI)
	ADDQ R12, SI
	VMOVUPD Y2, (SI)
	VMOVUPD Y3, 32(SI)
	ADDQ R12, SI
	VMOVUPD Y4, (SI)
	VMOVUPD Y5, 32(SI)
	ADDQ R12, SI
	VMOVUPD Y6, (SI)
	VMOVUPD Y7, 32(SI)
	ADDQ $64, R13
	JMP  kd_group

kd_g4:
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
	LEAQ (DI)(R13*1), SI
	VMOVUPD Y0, (SI)
	ADDQ R12, SI
	VMOVUPD Y1, (SI)
	ADDQ R12, SI
	VMOVUPD Y2, (SI)
	ADDQ R12, SI
	VMOVUPD Y3, (SI)
	ADDQ $32, R13
	JMP  kd_group

kd_next:
	LEAQ (DX)(R8*1), AX
	LEAQ (DI)(R12*4), DI
	SUBQ $4, R9
	JMP  kd_rows

kd_done:
	VZEROUPPER
	RET

// func kmeansAssignAVX(x *float64, stride, n, d int, e *float64, kp int, cp *float64, dp int, w *float64, wstride int,
//	labels *int, sums, weight *float64, mask *uint64, acc *kmeansAcc)
// For each row i < n (x row in SI, its distances in R11, its weight in DI, its
// label in BX): b = the first c with e[c] = min e (the minimum of the kp values
// broadcast to Y0, then the equal lanes as a bit mask, sixteen vectors per 64-bit
// word), labels[i] = b (R12 counts the changes), weight[b] += w_i, inertia (X14)
// += w_i e[b] and sums[b] += w_i (x − cp[b]) four coordinates at a time, the last
// d mod 4 loaded under mask (Y15).
TEXT ·kmeansAssignAVX(SB), NOSPLIT, $0-120
	MOVQ x+0(FP), SI
	MOVQ e+32(FP), R11
	MOVQ w+64(FP), DI
	MOVQ labels+80(FP), BX
	MOVQ n+16(FP), R8
	XORQ R12, R12
	MOVQ acc+112(FP), AX
	VMOVSD (AX), X14
	MOVQ mask+104(FP), AX
	VMOVUPD (AX), Y15
	TESTQ R8, R8
	JLE  ka_done

ka_row:
	MOVQ kp+40(FP), R9
	SHLQ $3, R9
	VMOVUPD (R11), Y0
	MOVQ $32, R10

ka_min:
	CMPQ R10, R9
	JGE  ka_hmin
	VMINPD (R11)(R10*1), Y0, Y0
	ADDQ $32, R10
	JMP  ka_min

ka_hmin:
	VPERMPD $0x4E, Y0, Y1
	VMINPD  Y1, Y0, Y0
	VPERMPD $0xB1, Y0, Y1
	VMINPD  Y1, Y0, Y0
	XORQ R10, R10
	XORQ CX, CX
	XORQ R13, R13

ka_idx:
	VCMPPD   $0, (R11)(R10*1), Y0, Y1
	VMOVMSKPD Y1, AX
	SHLQ CX, AX
	ORQ  AX, R13
	ADDQ $32, R10
	ADDQ $4, CX
	CMPQ R10, R9
	JGE  ka_found
	CMPQ CX, $64
	JLT  ka_idx
	TESTQ R13, R13
	JNZ  ka_found
	XORQ CX, CX
	JMP  ka_idx

ka_found:
	// b = (lanes before this word) + the first set bit; 0 if none (cannot
	// happen: the minimum is one of the values).
	SHRQ  $3, R10
	SUBQ  CX, R10
	BSFQ  R13, AX
	JNZ   ka_have
	XORQ  AX, AX
	XORQ  R10, R10

ka_have:
	ADDQ  R10, AX
	CMPQ  AX, (BX)
	SETNE CL
	MOVBQZX CL, CX
	ADDQ  CX, R12
	MOVQ  AX, (BX)
	VMOVSD (DI), X2
	MOVQ  weight+96(FP), R9
	VADDSD (R9)(AX*8), X2, X3
	VMOVSD X3, (R9)(AX*8)
	VFMADD231SD X0, X2, X14
	VBROADCASTSD X2, Y2
	MOVQ  dp+56(FP), R9
	IMULQ R9, AX
	SHLQ  $3, AX
	MOVQ  cp+48(FP), R13
	ADDQ  AX, R13
	MOVQ  sums+88(FP), R14
	ADDQ  AX, R14
	MOVQ  d+24(FP), R9
	SHRQ  $2, R9
	XORQ  R10, R10
	TESTQ R9, R9
	JZ    ka_tail

ka_sum:
	VMOVUPD (SI)(R10*1), Y3
	VSUBPD  (R13)(R10*1), Y3, Y3
	VMOVUPD (R14)(R10*1), Y4
	VFMADD231PD Y3, Y2, Y4
	VMOVUPD Y4, (R14)(R10*1)
	ADDQ $32, R10
	DECQ R9
	JNZ  ka_sum

ka_tail:
	MOVQ d+24(FP), R9
	ANDQ $3, R9
	JZ   ka_next
	VMASKMOVPD (SI)(R10*1), Y15, Y3
	VSUBPD  (R13)(R10*1), Y3, Y3
	VMOVUPD (R14)(R10*1), Y4
	VFMADD231PD Y3, Y2, Y4
	VMOVUPD Y4, (R14)(R10*1)

ka_next:
	MOVQ stride+8(FP), R9
	LEAQ (SI)(R9*8), SI
	MOVQ kp+40(FP), R9
	LEAQ (R11)(R9*8), R11
	MOVQ wstride+72(FP), R9
	LEAQ (DI)(R9*8), DI
	ADDQ $8, BX
	DECQ R8
	JNZ  ka_row

ka_done:
	MOVQ acc+112(FP), AX
	VMOVSD X14, (AX)
	ADDQ R12, 8(AX)
	VZEROUPPER
	RET
