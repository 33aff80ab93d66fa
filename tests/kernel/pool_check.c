/*
 * The pool's consistency walk (tests/kernel/kt_pool_check.c), which the
 * system-call fuzzer's test runs afterwards: sound on the live pool, and
 * it notices a slab whose count is off by one.
 */
#include "kernel/ktest.h"
#include "kernel/pool.h"
#include "kernel/pool_pages.h"
#include "tests/kernel/kt_pool.h"

#define TAG_CHECK 'kchP'

KTEST(pool_check_is_sound_and_finds_a_miscounted_slab)
{
    KT_POOL_CHECK Check;
    PVOID Block = ExAllocatePoolWithTag(NonPagedPool, 48, TAG_CHECK);
    MI_POOL *Pool = &MiPools[NonPagedPool];
    ULONG_PTR *Word;
    MI_SLAB *Slab;
    KIRQL OldIrql;
    BOOLEAN Sound;

    KT_ASSERT(Block != NULL);
    KT_ASSERT_MSG(KtPoolCheck(&Check), "pool check: %s at %p", Check.Problem,
                  Check.Where);
    KT_ASSERT(Check.Slabs != 0 && Check.Blocks != 0);
    Word = MiPoolPageWord(Block);
    KT_ASSERT(Word != NULL && MI_POOL_WORD_IS_SLAB(*Word));
    Slab = (MI_SLAB *)*Word;
    OldIrql = MiLockPool(Pool);
    Slab->InUse++;
    MiUnlockPool(Pool, OldIrql);
    Sound = KtPoolCheck(&Check);
    OldIrql = MiLockPool(Pool);
    Slab->InUse--;
    MiUnlockPool(Pool, OldIrql);
    ExFreePoolWithTag(Block, TAG_CHECK);
    KT_ASSERT(!Sound);
    KT_ASSERT(Check.Problem != NULL);
    KT_ASSERT(KtPoolCheck(&Check));
}
