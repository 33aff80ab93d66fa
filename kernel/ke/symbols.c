/*
 * Lookups in the symbol table the second link adds (symbols.h). Entries are
 * sorted by address; names are stored after them, as offsets from the
 * table's start so that the table can be generated without knowing where
 * it will land.
 */
#include "kernel/symbols.h"
#include "kernel/memory_layout.h"
#include "kernel/sections.h"
#include "ntrtl.h"

typedef struct _KI_SYMBOL {
    ULONG Address;
    ULONG NameOffset;
} KI_SYMBOL;

typedef struct _KI_SYMBOL_TABLE {
    ULONG Count;
    KI_SYMBOL Symbols[];
} KI_SYMBOL_TABLE;

extern const KI_SYMBOL_TABLE KiSymbolTable;

static PCSTR name_of(const KI_SYMBOL *Symbol)
{
    return (PCSTR)&KiSymbolTable + Symbol->NameOffset;
}

PCSTR KiLookupSymbol(ULONG_PTR Address, ULONG_PTR *Offset)
{
    ULONG Low = 0, High = KiSymbolTable.Count;

    /* Code lives in .text and PAGE, and in INIT while it exists. */
    if (High == 0 || Address < KiSymbolTable.Symbols[0].Address ||
        (Address >= (ULONG_PTR)__text_end &&
         (Address < (ULONG_PTR)__init_start ||
          Address >= (ULONG_PTR)__init_text_end) &&
         (Address < (ULONG_PTR)__page_start ||
          Address >= (ULONG_PTR)__page_end)))
        return NULL;
    /* The last symbol at or below Address. */
    while (High - Low > 1) {
        ULONG Middle = Low + (High - Low) / 2;
        if (KiSymbolTable.Symbols[Middle].Address <= Address)
            Low = Middle;
        else
            High = Middle;
    }
    *Offset = Address - KiSymbolTable.Symbols[Low].Address;
    return name_of(&KiSymbolTable.Symbols[Low]);
}

ULONG_PTR KiLookupAddress(PCSTR Name)
{
    ULONG Index;

    for (Index = 0; Index < KiSymbolTable.Count; Index++) {
        if (strcmp(name_of(&KiSymbolTable.Symbols[Index]), Name) == 0)
            return KiSymbolTable.Symbols[Index].Address;
    }
    return 0;
}
