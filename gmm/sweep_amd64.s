//go:build amd64 && !purego

#include "textflag.h"

// func triLogDensityAVX(w, v, xt, out *float64, ld, d, n int, cst float64)
// For b in [0, n) in blocks of 16: out[b] = cst − ½ Σ_i (Σ_{j≤i} w_ij xt[j*ld+b] − v_i)²,
// w packed lower-triangular row-major. n must be a multiple of 16.
TEXT ·triLogDensityAVX(SB), NOSPLIT, $0-64
	MOVQ w+0(FP), SI
	MOVQ v+8(FP), R8
	MOVQ xt+16(FP), DI
	MOVQ out+24(FP), R12
	MOVQ ld+32(FP), R9
	SHLQ $3, R9
	MOVQ d+40(FP), R10
	MOVQ n+48(FP), R11
	SHLQ $3, R11
	VBROADCASTSD cst+56(FP), Y13
	MOVQ $0xbfe0000000000000, AX // -0.5
	MOVQ AX, X12
	VBROADCASTSD X12, Y12
	XORQ BX, BX

tri_b:
	CMPQ BX, R11
	JGE  tri_done
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	MOVQ SI, R13
	MOVQ R8, R14
	XORQ CX, CX

tri_i:
	VBROADCASTSD (R14), Y4
	VXORPD Y0, Y0, Y0
	VSUBPD Y4, Y0, Y0
	VMOVAPD Y0, Y1
	VMOVAPD Y0, Y2
	VMOVAPD Y0, Y3
	LEAQ (DI)(BX*1), R15
	LEAQ 1(CX), DX

tri_j:
	VBROADCASTSD (R13), Y4
	VFMADD231PD (R15), Y4, Y0
	VFMADD231PD 32(R15), Y4, Y1
	VFMADD231PD 64(R15), Y4, Y2
	VFMADD231PD 96(R15), Y4, Y3
	ADDQ $8, R13
	ADDQ R9, R15
	DECQ DX
	JNZ  tri_j

	VFMADD231PD Y0, Y0, Y8
	VFMADD231PD Y1, Y1, Y9
	VFMADD231PD Y2, Y2, Y10
	VFMADD231PD Y3, Y3, Y11
	ADDQ $8, R14
	INCQ CX
	CMPQ CX, R10
	JLT  tri_i

	VFMADD213PD Y13, Y12, Y8
	VFMADD213PD Y13, Y12, Y9
	VFMADD213PD Y13, Y12, Y10
	VFMADD213PD Y13, Y12, Y11
	VMOVUPD Y8, (R12)(BX*1)
	VMOVUPD Y9, 32(R12)(BX*1)
	VMOVUPD Y10, 64(R12)(BX*1)
	VMOVUPD Y11, 96(R12)(BX*1)
	ADDQ $128, BX
	JMP  tri_b

tri_done:
	VZEROUPPER
	RET

// func diagLogDensityAVX(mu, iv, xt, out *float64, ld, d, n int, cst float64)
// out[b] = cst − ½ Σ_j iv_j (xt[j*ld+b] − mu_j)², n a multiple of 16.
TEXT ·diagLogDensityAVX(SB), NOSPLIT, $0-64
	MOVQ mu+0(FP), SI
	MOVQ iv+8(FP), R8
	MOVQ xt+16(FP), DI
	MOVQ out+24(FP), R12
	MOVQ ld+32(FP), R9
	SHLQ $3, R9
	MOVQ d+40(FP), R10
	MOVQ n+48(FP), R11
	SHLQ $3, R11
	VBROADCASTSD cst+56(FP), Y13
	MOVQ $0xbfe0000000000000, AX
	MOVQ AX, X12
	VBROADCASTSD X12, Y12
	XORQ BX, BX

diag_b:
	CMPQ BX, R11
	JGE  diag_done
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	LEAQ (DI)(BX*1), R15
	XORQ CX, CX

diag_j:
	VBROADCASTSD (SI)(CX*8), Y4
	VBROADCASTSD (R8)(CX*8), Y5
	VMOVUPD (R15), Y0
	VMOVUPD 32(R15), Y1
	VMOVUPD 64(R15), Y2
	VMOVUPD 96(R15), Y3
	VSUBPD Y4, Y0, Y0
	VSUBPD Y4, Y1, Y1
	VSUBPD Y4, Y2, Y2
	VSUBPD Y4, Y3, Y3
	VMULPD Y5, Y0, Y6
	VFMADD231PD Y6, Y0, Y8
	VMULPD Y5, Y1, Y7
	VFMADD231PD Y7, Y1, Y9
	VMULPD Y5, Y2, Y6
	VFMADD231PD Y6, Y2, Y10
	VMULPD Y5, Y3, Y7
	VFMADD231PD Y7, Y3, Y11
	ADDQ R9, R15
	INCQ CX
	CMPQ CX, R10
	JLT  diag_j

	VFMADD213PD Y13, Y12, Y8
	VFMADD213PD Y13, Y12, Y9
	VFMADD213PD Y13, Y12, Y10
	VFMADD213PD Y13, Y12, Y11
	VMOVUPD Y8, (R12)(BX*1)
	VMOVUPD Y9, 32(R12)(BX*1)
	VMOVUPD Y10, 64(R12)(BX*1)
	VMOVUPD Y11, 96(R12)(BX*1)
	ADDQ $128, BX
	JMP  diag_b

diag_done:
	VZEROUPPER
	RET

// func dotAVX(a, b *float64, n int) float64
// Σ a[i] b[i] for n a multiple of 16.
TEXT ·dotAVX(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	SHLQ $3, CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ BX, BX

dot_loop:
	CMPQ BX, CX
	JGE  dot_done
	VMOVUPD (SI)(BX*1), Y4
	VMOVUPD 32(SI)(BX*1), Y5
	VMOVUPD 64(SI)(BX*1), Y6
	VMOVUPD 96(SI)(BX*1), Y7
	VFMADD231PD (DI)(BX*1), Y4, Y0
	VFMADD231PD 32(DI)(BX*1), Y5, Y1
	VFMADD231PD 64(DI)(BX*1), Y6, Y2
	VFMADD231PD 96(DI)(BX*1), Y7, Y3
	ADDQ $128, BX
	JMP  dot_loop

dot_done:
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VZEROUPPER
	MOVSD X0, ret+24(FP)
	RET

// func centreScaleAVX(t, u, x, gam *float64, c float64, n int)
// t[b] = x[b] − c; u[b] = g[b] t[b], n a multiple of 16.
TEXT ·centreScaleAVX(SB), NOSPLIT, $0-48
	MOVQ t+0(FP), R8
	MOVQ u+8(FP), R9
	MOVQ x+16(FP), SI
	MOVQ gam+24(FP), DI
	VBROADCASTSD c+32(FP), Y8
	MOVQ n+40(FP), CX
	SHLQ $3, CX
	XORQ BX, BX

cs_loop:
	CMPQ BX, CX
	JGE  cs_done
	VMOVUPD (SI)(BX*1), Y0
	VMOVUPD 32(SI)(BX*1), Y1
	VSUBPD Y8, Y0, Y0
	VSUBPD Y8, Y1, Y1
	VMOVUPD Y0, (R8)(BX*1)
	VMOVUPD Y1, 32(R8)(BX*1)
	VMULPD (DI)(BX*1), Y0, Y0
	VMULPD 32(DI)(BX*1), Y1, Y1
	VMOVUPD Y0, (R9)(BX*1)
	VMOVUPD Y1, 32(R9)(BX*1)
	ADDQ $64, BX
	JMP  cs_loop

cs_done:
	VZEROUPPER
	RET

DATA expConsts<>+0(SB)/8, $0x3ff71547652b82fe
DATA expConsts<>+8(SB)/8, $0x3ff71547652b82fe
DATA expConsts<>+16(SB)/8, $0x3ff71547652b82fe
DATA expConsts<>+24(SB)/8, $0x3ff71547652b82fe
DATA expConsts<>+32(SB)/8, $0x3fe62e42fee00000
DATA expConsts<>+40(SB)/8, $0x3fe62e42fee00000
DATA expConsts<>+48(SB)/8, $0x3fe62e42fee00000
DATA expConsts<>+56(SB)/8, $0x3fe62e42fee00000
DATA expConsts<>+64(SB)/8, $0x3dea39ef35793c76
DATA expConsts<>+72(SB)/8, $0x3dea39ef35793c76
DATA expConsts<>+80(SB)/8, $0x3dea39ef35793c76
DATA expConsts<>+88(SB)/8, $0x3dea39ef35793c76
DATA expConsts<>+96(SB)/8, $0xc086200000000000
DATA expConsts<>+104(SB)/8, $0xc086200000000000
DATA expConsts<>+112(SB)/8, $0xc086200000000000
DATA expConsts<>+120(SB)/8, $0xc086200000000000
DATA expConsts<>+128(SB)/8, $0x3ff0000000000000
DATA expConsts<>+136(SB)/8, $0x3ff0000000000000
DATA expConsts<>+144(SB)/8, $0x3ff0000000000000
DATA expConsts<>+152(SB)/8, $0x3ff0000000000000
DATA expConsts<>+160(SB)/8, $0x3ff0000000000000
DATA expConsts<>+168(SB)/8, $0x3ff0000000000000
DATA expConsts<>+176(SB)/8, $0x3ff0000000000000
DATA expConsts<>+184(SB)/8, $0x3ff0000000000000
DATA expConsts<>+192(SB)/8, $0x3fe0000000000000
DATA expConsts<>+200(SB)/8, $0x3fe0000000000000
DATA expConsts<>+208(SB)/8, $0x3fe0000000000000
DATA expConsts<>+216(SB)/8, $0x3fe0000000000000
DATA expConsts<>+224(SB)/8, $0x3fc5555555555555
DATA expConsts<>+232(SB)/8, $0x3fc5555555555555
DATA expConsts<>+240(SB)/8, $0x3fc5555555555555
DATA expConsts<>+248(SB)/8, $0x3fc5555555555555
DATA expConsts<>+256(SB)/8, $0x3fa5555555555555
DATA expConsts<>+264(SB)/8, $0x3fa5555555555555
DATA expConsts<>+272(SB)/8, $0x3fa5555555555555
DATA expConsts<>+280(SB)/8, $0x3fa5555555555555
DATA expConsts<>+288(SB)/8, $0x3f81111111111111
DATA expConsts<>+296(SB)/8, $0x3f81111111111111
DATA expConsts<>+304(SB)/8, $0x3f81111111111111
DATA expConsts<>+312(SB)/8, $0x3f81111111111111
DATA expConsts<>+320(SB)/8, $0x3f56c16c16c16c17
DATA expConsts<>+328(SB)/8, $0x3f56c16c16c16c17
DATA expConsts<>+336(SB)/8, $0x3f56c16c16c16c17
DATA expConsts<>+344(SB)/8, $0x3f56c16c16c16c17
DATA expConsts<>+352(SB)/8, $0x3f2a01a01a01a01a
DATA expConsts<>+360(SB)/8, $0x3f2a01a01a01a01a
DATA expConsts<>+368(SB)/8, $0x3f2a01a01a01a01a
DATA expConsts<>+376(SB)/8, $0x3f2a01a01a01a01a
DATA expConsts<>+384(SB)/8, $0x3efa01a01a01a01a
DATA expConsts<>+392(SB)/8, $0x3efa01a01a01a01a
DATA expConsts<>+400(SB)/8, $0x3efa01a01a01a01a
DATA expConsts<>+408(SB)/8, $0x3efa01a01a01a01a
DATA expConsts<>+416(SB)/8, $0x3ec71de3a556c734
DATA expConsts<>+424(SB)/8, $0x3ec71de3a556c734
DATA expConsts<>+432(SB)/8, $0x3ec71de3a556c734
DATA expConsts<>+440(SB)/8, $0x3ec71de3a556c734
DATA expConsts<>+448(SB)/8, $0x3e927e4fb7789f5c
DATA expConsts<>+456(SB)/8, $0x3e927e4fb7789f5c
DATA expConsts<>+464(SB)/8, $0x3e927e4fb7789f5c
DATA expConsts<>+472(SB)/8, $0x3e927e4fb7789f5c
DATA expConsts<>+480(SB)/8, $0x3e5ae64567f544e4
DATA expConsts<>+488(SB)/8, $0x3e5ae64567f544e4
DATA expConsts<>+496(SB)/8, $0x3e5ae64567f544e4
DATA expConsts<>+504(SB)/8, $0x3e5ae64567f544e4
DATA expConsts<>+512(SB)/8, $0x3e21eed8eff8d898
DATA expConsts<>+520(SB)/8, $0x3e21eed8eff8d898
DATA expConsts<>+528(SB)/8, $0x3e21eed8eff8d898
DATA expConsts<>+536(SB)/8, $0x3e21eed8eff8d898
DATA expConsts<>+544(SB)/8, $0x3de6124613a86d09
DATA expConsts<>+552(SB)/8, $0x3de6124613a86d09
DATA expConsts<>+560(SB)/8, $0x3de6124613a86d09
DATA expConsts<>+568(SB)/8, $0x3de6124613a86d09
DATA expConsts<>+576(SB)/8, $0x00000000000003ff
DATA expConsts<>+584(SB)/8, $0x00000000000003ff
DATA expConsts<>+592(SB)/8, $0x00000000000003ff
DATA expConsts<>+600(SB)/8, $0x00000000000003ff
GLOBL expConsts<>(SB), RODATA|NOPTR, $608

// func expNormaliseAVX2(lp *float64, ld, k, n int, tops, sums *float64)
// For each column block of 4 rows b < n (n a multiple of 8): top_b = max_c lp[c*ld+b],
// lp[c*ld+b] = exp(lp[c*ld+b] − top_b) / s_b with s_b = Σ_c exp(lp[c*ld+b] − top_b);
// tops[b] = top_b, sums[b] = s_b. exp is a degree-13 Taylor polynomial after
// reduction by ln 2 (error within 2 ulp); arguments below −708 give exactly 0.
// Two blocks of 4 rows (A in Y0–Y5, Y8, Y9; B in Y6, Y7, Y10–Y15) go through the
// same instructions side by side, so that the polynomials' chains overlap.
TEXT ·expNormaliseAVX2(SB), NOSPLIT, $0-48
	MOVQ lp+0(FP), SI
	MOVQ ld+8(FP), R9
	SHLQ $3, R9
	MOVQ k+16(FP), R10
	MOVQ n+24(FP), R11
	SHLQ $3, R11
	MOVQ tops+32(FP), R12
	MOVQ sums+40(FP), R13
	XORQ BX, BX

en_b:
	CMPQ BX, R11
	JGE  en_done
	LEAQ (SI)(BX*1), R15
	VMOVUPD (R15), Y8
	VMOVUPD 32(R15), Y10
	MOVQ R10, DX
	DECQ DX
	JZ   en_max_done
	MOVQ R15, R14

en_max:
	ADDQ R9, R14
	VMAXPD (R14), Y8, Y8
	VMAXPD 32(R14), Y10, Y10
	DECQ DX
	JNZ  en_max

en_max_done:
	VXORPD Y9, Y9, Y9
	VXORPD Y11, Y11, Y11
	MOVQ R10, DX
	MOVQ R15, R14

en_exp:
	VMOVUPD (R14), Y0
	VMOVUPD 32(R14), Y6
	VSUBPD Y8, Y0, Y0
	VSUBPD Y10, Y6, Y6
	VMOVAPD Y0, Y5
	VMOVAPD Y6, Y15
	VMULPD expConsts<>+0(SB), Y0, Y1
	VMULPD expConsts<>+0(SB), Y6, Y7
	VROUNDPD $0, Y1, Y1
	VROUNDPD $0, Y7, Y7
	VFNMADD231PD expConsts<>+32(SB), Y1, Y0
	VFNMADD231PD expConsts<>+32(SB), Y7, Y6
	VFNMADD231PD expConsts<>+64(SB), Y1, Y0
	VFNMADD231PD expConsts<>+64(SB), Y7, Y6
	VMOVUPD expConsts<>+544(SB), Y2
	VMOVUPD expConsts<>+544(SB), Y12
	VFMADD213PD expConsts<>+512(SB), Y0, Y2
	VFMADD213PD expConsts<>+512(SB), Y6, Y12
	VFMADD213PD expConsts<>+480(SB), Y0, Y2
	VFMADD213PD expConsts<>+480(SB), Y6, Y12
	VFMADD213PD expConsts<>+448(SB), Y0, Y2
	VFMADD213PD expConsts<>+448(SB), Y6, Y12
	VFMADD213PD expConsts<>+416(SB), Y0, Y2
	VFMADD213PD expConsts<>+416(SB), Y6, Y12
	VFMADD213PD expConsts<>+384(SB), Y0, Y2
	VFMADD213PD expConsts<>+384(SB), Y6, Y12
	VFMADD213PD expConsts<>+352(SB), Y0, Y2
	VFMADD213PD expConsts<>+352(SB), Y6, Y12
	VFMADD213PD expConsts<>+320(SB), Y0, Y2
	VFMADD213PD expConsts<>+320(SB), Y6, Y12
	VFMADD213PD expConsts<>+288(SB), Y0, Y2
	VFMADD213PD expConsts<>+288(SB), Y6, Y12
	VFMADD213PD expConsts<>+256(SB), Y0, Y2
	VFMADD213PD expConsts<>+256(SB), Y6, Y12
	VFMADD213PD expConsts<>+224(SB), Y0, Y2
	VFMADD213PD expConsts<>+224(SB), Y6, Y12
	VFMADD213PD expConsts<>+192(SB), Y0, Y2
	VFMADD213PD expConsts<>+192(SB), Y6, Y12
	VFMADD213PD expConsts<>+160(SB), Y0, Y2
	VFMADD213PD expConsts<>+160(SB), Y6, Y12
	VFMADD213PD expConsts<>+128(SB), Y0, Y2
	VFMADD213PD expConsts<>+128(SB), Y6, Y12
	VCVTPD2DQY Y1, X3
	VCVTPD2DQY Y7, X13
	VPMOVSXDQ X3, Y3
	VPMOVSXDQ X13, Y13
	VPADDQ expConsts<>+576(SB), Y3, Y3
	VPADDQ expConsts<>+576(SB), Y13, Y13
	VPSLLQ $52, Y3, Y3
	VPSLLQ $52, Y13, Y13
	VMULPD Y3, Y2, Y2
	VMULPD Y13, Y12, Y12
	VCMPPD $1, expConsts<>+96(SB), Y5, Y4
	VCMPPD $1, expConsts<>+96(SB), Y15, Y14
	VANDNPD Y2, Y4, Y2
	VANDNPD Y12, Y14, Y12
	VMOVUPD Y2, (R14)
	VMOVUPD Y12, 32(R14)
	VADDPD Y2, Y9, Y9
	VADDPD Y12, Y11, Y11
	ADDQ R9, R14
	DECQ DX
	JNZ  en_exp

	VMOVUPD Y8, (R12)(BX*1)
	VMOVUPD Y10, 32(R12)(BX*1)
	VMOVUPD Y9, (R13)(BX*1)
	VMOVUPD Y11, 32(R13)(BX*1)
	VMOVUPD expConsts<>+128(SB), Y7
	VMOVAPD Y7, Y15
	VDIVPD Y9, Y7, Y7
	VDIVPD Y11, Y15, Y15
	MOVQ R10, DX
	MOVQ R15, R14

en_scale:
	VMULPD (R14), Y7, Y0
	VMULPD 32(R14), Y15, Y6
	VMOVUPD Y0, (R14)
	VMOVUPD Y6, 32(R14)
	ADDQ R9, R14
	DECQ DX
	JNZ  en_scale

	ADDQ $64, BX
	JMP  en_b

en_done:
	VZEROUPPER
	RET

// func momentsAVX(xt, gam, shift, tt, ut, s1, s2 *float64, ld, d, n, full int)
// For j < d: t_j = xt_j − shift_j, u_j = gam ⊙ t_j (rows j of tt and ut, leading
// dimension ld), s1[j] += Σ_b u_j[b]. Then, if full, s2[j*d+i] += u_i · t_j for
// j ≤ i < d, else s2[j] += u_j · t_j; full = 2 stops after t, u and s1. n must be a
// positive multiple of 16.
TEXT ·momentsAVX(SB), NOSPLIT, $0-88
	MOVQ xt+0(FP), SI
	MOVQ gam+8(FP), DI
	MOVQ shift+16(FP), R8
	MOVQ tt+24(FP), R9
	MOVQ ut+32(FP), R10
	MOVQ s1+40(FP), R14
	MOVQ ld+56(FP), R11
	SHLQ $3, R11
	MOVQ d+64(FP), R12
	MOVQ n+72(FP), R13
	SHLQ $3, R13
	MOVQ full+80(FP), DX
	TESTQ DX, DX
	JZ   mo_fused
	XORQ CX, CX

mo_p1j:
	VBROADCASTSD (R8)(CX*8), Y8
	VXORPD Y9, Y9, Y9
	XORQ BX, BX

mo_p1b:
	VMOVUPD (SI)(BX*1), Y0
	VSUBPD Y8, Y0, Y0
	VMOVUPD Y0, (R9)(BX*1)
	VMULPD (DI)(BX*1), Y0, Y1
	VMOVUPD Y1, (R10)(BX*1)
	VADDPD Y1, Y9, Y9
	ADDQ $32, BX
	CMPQ BX, R13
	JLT  mo_p1b
	VEXTRACTF128 $1, Y9, X10
	VADDPD X10, X9, X9
	VPERMILPD $1, X9, X10
	VADDSD X10, X9, X9
	VADDSD (R14)(CX*8), X9, X9
	VMOVSD X9, (R14)(CX*8)
	ADDQ R11, SI
	ADDQ R11, R9
	ADDQ R11, R10
	INCQ CX
	CMPQ CX, R12
	JLT  mo_p1j

	MOVQ full+80(FP), DX
	CMPQ DX, $2
	JEQ  mo_ret
	MOVQ s2+48(FP), R15
	MOVQ tt+24(FP), R9
	MOVQ ut+32(FP), AX
	MOVQ full+80(FP), DX
	TESTQ DX, DX
	JZ   mo_diag
	MOVQ R12, DI
	SHLQ $3, DI
	XORQ CX, CX

mo_i:
	MOVQ R9, DX
	LEAQ (R15)(CX*8), R14
	XORQ R8, R8

mo_j:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ BX, BX

mo_b:
	VMOVUPD (AX)(BX*1), Y4
	VMOVUPD 32(AX)(BX*1), Y5
	VMOVUPD 64(AX)(BX*1), Y6
	VMOVUPD 96(AX)(BX*1), Y7
	VFMADD231PD (DX)(BX*1), Y4, Y0
	VFMADD231PD 32(DX)(BX*1), Y5, Y1
	VFMADD231PD 64(DX)(BX*1), Y6, Y2
	VFMADD231PD 96(DX)(BX*1), Y7, Y3
	ADDQ $128, BX
	CMPQ BX, R13
	JLT  mo_b
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VADDSD (R14), X0, X0
	VMOVSD X0, (R14)
	ADDQ DI, R14
	ADDQ R11, DX
	INCQ R8
	CMPQ R8, CX
	JLE  mo_j
	ADDQ R11, AX
	INCQ CX
	CMPQ CX, R12
	JLT  mo_i

mo_ret:
	VZEROUPPER
	RET

mo_diag:
	XORQ CX, CX

mo_dj:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	XORQ BX, BX

mo_db:
	VMOVUPD (AX)(BX*1), Y4
	VMOVUPD 32(AX)(BX*1), Y5
	VFMADD231PD (R9)(BX*1), Y4, Y0
	VFMADD231PD 32(R9)(BX*1), Y5, Y1
	ADDQ $64, BX
	CMPQ BX, R13
	JLT  mo_db
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VADDSD (R15)(CX*8), X0, X0
	VMOVSD X0, (R15)(CX*8)
	ADDQ R11, AX
	ADDQ R11, R9
	INCQ CX
	CMPQ CX, R12
	JLT  mo_dj
	VZEROUPPER
	RET

// The diagonal case of momentsAVX: s1[j] += Σ u_j, s2[j] += Σ u_j t_j in one
// pass per coordinate, without storing t and u.
mo_fused:
	MOVQ s2+48(FP), R15
	XORQ CX, CX

mo_fj:
	VBROADCASTSD (R8)(CX*8), Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	XORQ BX, BX

mo_fb:
	VMOVUPD (SI)(BX*1), Y0
	VMOVUPD 32(SI)(BX*1), Y2
	VSUBPD Y8, Y0, Y0
	VSUBPD Y8, Y2, Y2
	VMULPD (DI)(BX*1), Y0, Y1
	VMULPD 32(DI)(BX*1), Y2, Y3
	VADDPD Y1, Y9, Y9
	VADDPD Y3, Y12, Y12
	VFMADD231PD Y1, Y0, Y11
	VFMADD231PD Y3, Y2, Y13
	ADDQ $64, BX
	CMPQ BX, R13
	JLT  mo_fb
	VADDPD Y12, Y9, Y9
	VADDPD Y13, Y11, Y11
	VEXTRACTF128 $1, Y9, X10
	VADDPD X10, X9, X9
	VPERMILPD $1, X9, X10
	VADDSD X10, X9, X9
	VADDSD (R14)(CX*8), X9, X9
	VMOVSD X9, (R14)(CX*8)
	VEXTRACTF128 $1, Y11, X10
	VADDPD X10, X11, X11
	VPERMILPD $1, X11, X10
	VADDSD X10, X11, X11
	VADDSD (R15)(CX*8), X11, X11
	VMOVSD X11, (R15)(CX*8)
	ADDQ R11, SI
	INCQ CX
	CMPQ CX, R12
	JLT  mo_fj
	VZEROUPPER
	RET

// func copyShiftAVX(dst *float64, ld int, src *float64, stride, d, nr int, ref *float64)
// dst[j*ld+b] = src[b*stride+j] − ref[j] for j < d and b < nr: a tile of row-major
// rows transposed to column-major and shifted, four rows per step.
TEXT ·copyShiftAVX(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ ld+8(FP), R8
	SHLQ $3, R8
	MOVQ src+16(FP), SI
	MOVQ stride+24(FP), R9
	SHLQ $3, R9
	MOVQ d+32(FP), R10
	MOVQ nr+40(FP), R11
	MOVQ ref+48(FP), R12
	LEAQ (R9)(R9*1), R13
	LEAQ (R13)(R9*1), R14
	XORQ CX, CX

cp_j:
	VBROADCASTSD (R12)(CX*8), Y1
	LEAQ (SI)(CX*8), AX
	MOVQ DI, BX
	MOVQ R11, DX

cp_b4:
	CMPQ DX, $4
	JLT  cp_b1
	VMOVSD (AX), X2
	VMOVHPD (AX)(R9*1), X2, X2
	VMOVSD (AX)(R13*1), X3
	VMOVHPD (AX)(R14*1), X3, X3
	VINSERTF128 $1, X3, Y2, Y2
	VSUBPD Y1, Y2, Y2
	VMOVUPD Y2, (BX)
	LEAQ (AX)(R9*4), AX
	ADDQ $32, BX
	SUBQ $4, DX
	JMP  cp_b4

cp_b1:
	TESTQ DX, DX
	JZ   cp_next
	VMOVSD (AX), X2
	VSUBSD X1, X2, X2
	VMOVSD X2, (BX)
	ADDQ R9, AX
	ADDQ $8, BX
	DECQ DX
	JMP  cp_b1

cp_next:
	ADDQ R8, DI
	INCQ CX
	CMPQ CX, R10
	JLT  cp_j
	VZEROUPPER
	RET

// func triBlockAVX2(wb, vb, xt, out, zt *float64, ld, d, n int, cst float64)
// The register-blocked form of triLogDensityAVX (a triangular matrix times a
// D × n tile): the rows of W are taken three at a time, wb holding, for each block
// of rows i0 = 0, 3, 6, … and each j < min(i0+3, d), the three numbers
// W[i0][j], W[i0+1][j], W[i0+2][j] (zero above the diagonal and for rows ≥ d), and
// vb the matching v (zero for rows ≥ d). For each block of 16 columns b, twelve
// accumulators y = −v + Σ_j W x_j (3 rows × 16 columns) share every load of x.
// If zt is nil: out[b] = cst − ½ Σ_i y_i[b]², the squares added in the order of i
// with fused multiply-adds, as triLogDensityAVX does (the padding rows add exact
// zeros), so the results are the same bit for bit. Otherwise y_i is stored in
// zt[i*ld+b] for every row i of the blocks (3·⌈d/3⌉ rows) and out is not touched.
// n must be a multiple of 16.
TEXT ·triBlockAVX2(SB), NOSPLIT, $0-72
	MOVQ xt+16(FP), DI
	MOVQ out+24(FP), R12
	MOVQ ld+40(FP), R9
	SHLQ $3, R9
	MOVQ d+48(FP), R10
	MOVQ n+56(FP), R11
	SHLQ $3, R11
	XORQ BX, BX

tb_b:
	CMPQ BX, R11
	JGE  tb_done
	MOVQ zt+32(FP), AX
	TESTQ AX, AX
	JNZ  tb_blocks
	VXORPD Y0, Y0, Y0
	VMOVUPD Y0, (R12)(BX*1)
	VMOVUPD Y0, 32(R12)(BX*1)
	VMOVUPD Y0, 64(R12)(BX*1)
	VMOVUPD Y0, 96(R12)(BX*1)

tb_blocks:
	MOVQ wb+0(FP), R13
	MOVQ vb+8(FP), R14
	XORQ CX, CX

tb_r:
	VBROADCASTSD (R14), Y12
	VBROADCASTSD 8(R14), Y13
	VBROADCASTSD 16(R14), Y14
	VXORPD Y15, Y15, Y15
	VSUBPD Y12, Y15, Y0
	VSUBPD Y13, Y15, Y4
	VSUBPD Y14, Y15, Y8
	VMOVAPD Y0, Y1
	VMOVAPD Y0, Y2
	VMOVAPD Y0, Y3
	VMOVAPD Y4, Y5
	VMOVAPD Y4, Y6
	VMOVAPD Y4, Y7
	VMOVAPD Y8, Y9
	VMOVAPD Y8, Y10
	VMOVAPD Y8, Y11
	LEAQ (DI)(BX*1), R15
	LEAQ 3(CX), DX
	CMPQ DX, R10
	CMOVQGT R10, DX

tb_j:
	VBROADCASTSD (R13), Y12
	VBROADCASTSD 8(R13), Y13
	VBROADCASTSD 16(R13), Y14
	VMOVUPD (R15), Y15
	VFMADD231PD Y15, Y12, Y0
	VFMADD231PD Y15, Y13, Y4
	VFMADD231PD Y15, Y14, Y8
	VMOVUPD 32(R15), Y15
	VFMADD231PD Y15, Y12, Y1
	VFMADD231PD Y15, Y13, Y5
	VFMADD231PD Y15, Y14, Y9
	VMOVUPD 64(R15), Y15
	VFMADD231PD Y15, Y12, Y2
	VFMADD231PD Y15, Y13, Y6
	VFMADD231PD Y15, Y14, Y10
	VMOVUPD 96(R15), Y15
	VFMADD231PD Y15, Y12, Y3
	VFMADD231PD Y15, Y13, Y7
	VFMADD231PD Y15, Y14, Y11
	ADDQ $24, R13
	ADDQ R9, R15
	DECQ DX
	JNZ  tb_j

	MOVQ zt+32(FP), AX
	TESTQ AX, AX
	JNZ  tb_store
	VMOVUPD (R12)(BX*1), Y12
	VMOVUPD 32(R12)(BX*1), Y13
	VMOVUPD 64(R12)(BX*1), Y14
	VMOVUPD 96(R12)(BX*1), Y15
	VFMADD231PD Y0, Y0, Y12
	VFMADD231PD Y1, Y1, Y13
	VFMADD231PD Y2, Y2, Y14
	VFMADD231PD Y3, Y3, Y15
	VFMADD231PD Y4, Y4, Y12
	VFMADD231PD Y5, Y5, Y13
	VFMADD231PD Y6, Y6, Y14
	VFMADD231PD Y7, Y7, Y15
	VFMADD231PD Y8, Y8, Y12
	VFMADD231PD Y9, Y9, Y13
	VFMADD231PD Y10, Y10, Y14
	VFMADD231PD Y11, Y11, Y15
	VMOVUPD Y12, (R12)(BX*1)
	VMOVUPD Y13, 32(R12)(BX*1)
	VMOVUPD Y14, 64(R12)(BX*1)
	VMOVUPD Y15, 96(R12)(BX*1)
	JMP  tb_next

tb_store:
	// row i0 = CX of zt: AX + CX*ld
	MOVQ CX, DX
	IMULQ R9, DX
	ADDQ DX, AX
	ADDQ BX, AX
	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	ADDQ R9, AX
	VMOVUPD Y4, (AX)
	VMOVUPD Y5, 32(AX)
	VMOVUPD Y6, 64(AX)
	VMOVUPD Y7, 96(AX)
	ADDQ R9, AX
	VMOVUPD Y8, (AX)
	VMOVUPD Y9, 32(AX)
	VMOVUPD Y10, 64(AX)
	VMOVUPD Y11, 96(AX)

tb_next:
	ADDQ $24, R14
	ADDQ $3, CX
	CMPQ CX, R10
	JLT  tb_r

	MOVQ zt+32(FP), AX
	TESTQ AX, AX
	JNZ  tb_nextb
	VBROADCASTSD cst+64(FP), Y13
	// cst − 0.5 m, 0.5 from memory: a legacy-SSE MOVQ into X12 here, after
	// 256-bit instructions, costs a state transition per block on this CPU.
	VBROADCASTSD expConsts<>+192(SB), Y12
	VMOVUPD (R12)(BX*1), Y0
	VMOVUPD 32(R12)(BX*1), Y1
	VMOVUPD 64(R12)(BX*1), Y2
	VMOVUPD 96(R12)(BX*1), Y3
	VFNMADD213PD Y13, Y12, Y0
	VFNMADD213PD Y13, Y12, Y1
	VFNMADD213PD Y13, Y12, Y2
	VFNMADD213PD Y13, Y12, Y3
	VMOVUPD Y0, (R12)(BX*1)
	VMOVUPD Y1, 32(R12)(BX*1)
	VMOVUPD Y2, 64(R12)(BX*1)
	VMOVUPD Y3, 96(R12)(BX*1)

tb_nextb:
	ADDQ $128, BX
	JMP  tb_b

tb_done:
	VZEROUPPER
	RET

// func dot3x3AVX(u, t *float64, ld, n int, out *float64)
// out[3a+b] += Σ_{r<n} u[a*ld+r] t[b*ld+r] for a, b < 3: nine dot products of three
// rows of u with three rows of t sharing every load (six loads for nine fused
// multiply-adds). n must be a positive multiple of 4.
TEXT ·dot3x3AVX(SB), NOSPLIT, $0-40
	MOVQ u+0(FP), SI
	MOVQ t+8(FP), DI
	MOVQ ld+16(FP), R9
	SHLQ $3, R9
	MOVQ n+24(FP), R11
	SHLQ $3, R11
	LEAQ (SI)(R9*1), R12
	LEAQ (R12)(R9*1), R13
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

d33_b:
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
	JLT  d33_b

	MOVQ out+32(FP), AX
	VHADDPD Y1, Y0, Y0    // (a0+a1, b0+b1, a2+a3, b2+b3) for Y0=a, Y1=b
	VHADDPD Y3, Y2, Y2
	VHADDPD Y5, Y4, Y4
	VHADDPD Y7, Y6, Y6
	VEXTRACTF128 $1, Y0, X9
	VADDPD X9, X0, X0     // (Σ acc0, Σ acc1)
	VEXTRACTF128 $1, Y2, X9
	VADDPD X9, X2, X2     // (Σ acc2, Σ acc3)
	VEXTRACTF128 $1, Y4, X9
	VADDPD X9, X4, X4     // (Σ acc4, Σ acc5)
	VEXTRACTF128 $1, Y6, X9
	VADDPD X9, X6, X6     // (Σ acc6, Σ acc7)
	VMOVUPD (AX), X10
	VADDPD X10, X0, X0
	VMOVUPD X0, (AX)
	VMOVUPD 16(AX), X10
	VADDPD X10, X2, X2
	VMOVUPD X2, 16(AX)
	VMOVUPD 32(AX), X10
	VADDPD X10, X4, X4
	VMOVUPD X4, 32(AX)
	VMOVUPD 48(AX), X10
	VADDPD X10, X6, X6
	VMOVUPD X6, 48(AX)
	VEXTRACTF128 $1, Y8, X9
	VADDPD X9, X8, X8
	VPERMILPD $1, X8, X9
	VADDSD X9, X8, X8
	VADDSD 64(AX), X8, X8
	VMOVSD X8, 64(AX)
	VZEROUPPER
	RET
