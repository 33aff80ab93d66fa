; Linked into every image that imports (kernel32.dll and the programs).
; lld-link 16 lays its import directory (.idata$2) right after whatever
; came before it, with no alignment: after a .def's export strings or a
; program's read-only strings it often starts at an odd address, and the
; kernel's image check refuses an import directory that is not 4-byte
; aligned (docs/pe-images.md). These 4 bytes sort just before .idata$2
; (".idata$1"), aligned to 4, so the directory after them is aligned too.
section .idata$1 rdata align=4
    dd 0
