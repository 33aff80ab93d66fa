; 64-bit arithmetic the compiler calls on x86 (MSVC's names and
; conventions, which clang in MSVC mode follows): multiply, divide and
; remainder take two 64-bit values on the stack and pop them (ret 16);
; the shifts take edx:eax and the count in cl. All return in edx:eax.
; ntdll exports them too, as NT's does. A zero divisor faults in div as a
; 32-bit one would (STATUS_INTEGER_DIVIDE_BY_ZERO).
section .text

global __allmul
global __alldiv
global __aulldiv
global __allrem
global __aullrem
global __allshl
global __allshr
global __aullshr

; (a, b): a_lo*b_lo + ((a_hi*b_lo + a_lo*b_hi) << 32)
__allmul:
    mov eax, [esp + 8]
    mov ecx, [esp + 16]
    or ecx, eax
    mov ecx, [esp + 12]
    jnz .full
    mov eax, [esp + 4]
    mul ecx
    ret 16
.full:
    push ebx
    mul ecx                         ; a_hi * b_lo
    mov ebx, eax
    mov eax, [esp + 8]
    mul dword [esp + 20]            ; a_lo * b_hi
    add ebx, eax
    mov eax, [esp + 8]
    mul ecx                         ; a_lo * b_lo
    add edx, ebx
    pop ebx
    ret 16

; Unsigned edx:eax / ecx:ebx: quotient in edx:eax, remainder in edi:esi.
; A divisor below 2^32 takes two divs; a bigger one, shift and subtract.
udivmod64:
    test ecx, ecx
    jnz .long
    mov esi, eax
    mov eax, edx
    xor edx, edx
    div ebx
    mov edi, eax
    mov eax, esi
    div ebx
    mov esi, edx
    mov edx, edi
    xor edi, edi
    ret
.long:
    push ebp
    xor esi, esi
    xor edi, edi
    mov ebp, 64
.next:
    shl eax, 1
    rcl edx, 1
    rcl esi, 1
    rcl edi, 1
    cmp edi, ecx
    jb .skip
    ja .subtract
    cmp esi, ebx
    jb .skip
.subtract:
    sub esi, ebx
    sbb edi, ecx
    or eax, 1
.skip:
    dec ebp
    jnz .next
    pop ebp
    ret

%macro NEG64 2                      ; hi, lo
    neg %1
    neg %2
    sbb %1, 0
%endmacro

%macro LOAD_ARGUMENTS 1             ; offset of the first argument
    mov eax, [esp + %1]
    mov edx, [esp + %1 + 4]
    mov ebx, [esp + %1 + 8]
    mov ecx, [esp + %1 + 12]
%endmacro

__aulldiv:
    push ebx
    push esi
    push edi
    LOAD_ARGUMENTS 16
    call udivmod64
    pop edi
    pop esi
    pop ebx
    ret 16

__aullrem:
    push ebx
    push esi
    push edi
    LOAD_ARGUMENTS 16
    call udivmod64
    mov eax, esi
    mov edx, edi
    pop edi
    pop esi
    pop ebx
    ret 16

; Signed: divide the magnitudes; the quotient is negative when the signs
; differ, the remainder takes the dividend's sign (C's truncation).
__alldiv:
    push ebx
    push esi
    push edi
    push ebp
    LOAD_ARGUMENTS 20
    xor ebp, ebp
    test edx, edx
    jns .dividend_positive
    NEG64 edx, eax
    xor ebp, 1
.dividend_positive:
    test ecx, ecx
    jns .divisor_positive
    NEG64 ecx, ebx
    xor ebp, 1
.divisor_positive:
    call udivmod64
    test ebp, ebp
    jz .done
    NEG64 edx, eax
.done:
    pop ebp
    pop edi
    pop esi
    pop ebx
    ret 16

__allrem:
    push ebx
    push esi
    push edi
    push ebp
    LOAD_ARGUMENTS 20
    xor ebp, ebp
    test edx, edx
    jns .dividend_positive
    NEG64 edx, eax
    inc ebp
.dividend_positive:
    test ecx, ecx
    jns .divisor_positive
    NEG64 ecx, ebx
.divisor_positive:
    call udivmod64
    mov eax, esi
    mov edx, edi
    test ebp, ebp
    jz .done
    NEG64 edx, eax
.done:
    pop ebp
    pop edi
    pop esi
    pop ebx
    ret 16

__allshl:
    cmp cl, 64
    jae .zero
    cmp cl, 32
    jae .high
    shld edx, eax, cl
    shl eax, cl
    ret
.high:
    mov edx, eax
    xor eax, eax
    and cl, 31
    shl edx, cl
    ret
.zero:
    xor eax, eax
    xor edx, edx
    ret

__allshr:
    cmp cl, 64
    jae .sign
    cmp cl, 32
    jae .high
    shrd eax, edx, cl
    sar edx, cl
    ret
.high:
    mov eax, edx
    sar edx, 31
    and cl, 31
    sar eax, cl
    ret
.sign:
    sar edx, 31
    mov eax, edx
    ret

__aullshr:
    cmp cl, 64
    jae .zero
    cmp cl, 32
    jae .high
    shrd eax, edx, cl
    shr edx, cl
    ret
.high:
    mov eax, edx
    xor edx, edx
    and cl, 31
    shr eax, cl
    ret
.zero:
    xor eax, eax
    xor edx, edx
    ret
