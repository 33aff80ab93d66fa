/*
 * NT's balanced VAD tree: an AVL tree with parent links, so that walking
 * in order and retracing after a change need no stack. Balance is
 * height(right) - height(left); a change that leaves +-2 somewhere is
 * repaired by one single or double rotation there.
 */
#include "kernel/vad_tree.h"

VOID MiInitializeVadTree(PMM_AVL_TABLE Table)
{
    Table->Root = NULL;
    Table->NumberGenericTableElements = 0;
}

/* Puts New where Old hangs under Parent (or at the root). */
static VOID replace_child(PMM_AVL_TABLE Table, PMMVAD Parent, PMMVAD Old,
                          PMMVAD New)
{
    if (Parent == NULL)
        Table->Root = New;
    else if (Parent->LeftChild == Old)
        Parent->LeftChild = New;
    else
        Parent->RightChild = New;
    if (New != NULL)
        New->Parent = Parent;
}

static LONG max_of(LONG A, LONG B)
{
    return A > B ? A : B;
}

static LONG min_of(LONG A, LONG B)
{
    return A < B ? A : B;
}

/* X's right child Z takes X's place; the balances follow from the old
 * ones without knowing any height. */
static PMMVAD rotate_left(PMM_AVL_TABLE Table, PMMVAD X)
{
    PMMVAD Z = X->RightChild, Inner = Z->LeftChild;

    replace_child(Table, X->Parent, X, Z);
    X->RightChild = Inner;
    if (Inner != NULL)
        Inner->Parent = X;
    Z->LeftChild = X;
    X->Parent = Z;
    X->Balance = X->Balance - 1 - max_of(Z->Balance, 0);
    Z->Balance = Z->Balance - 1 + min_of(X->Balance, 0);
    return Z;
}

static PMMVAD rotate_right(PMM_AVL_TABLE Table, PMMVAD X)
{
    PMMVAD Y = X->LeftChild, Inner = Y->RightChild;

    replace_child(Table, X->Parent, X, Y);
    X->LeftChild = Inner;
    if (Inner != NULL)
        Inner->Parent = X;
    Y->RightChild = X;
    X->Parent = Y;
    X->Balance = X->Balance + 1 - min_of(Y->Balance, 0);
    Y->Balance = Y->Balance + 1 + max_of(X->Balance, 0);
    return Y;
}

/* Node is at +-2: one or two rotations; returns the subtree's new root. */
static PMMVAD rebalance(PMM_AVL_TABLE Table, PMMVAD Node)
{
    if (Node->Balance > 0) {
        if (Node->RightChild->Balance < 0)
            rotate_right(Table, Node->RightChild);
        return rotate_left(Table, Node);
    }
    if (Node->LeftChild->Balance > 0)
        rotate_left(Table, Node->LeftChild);
    return rotate_right(Table, Node);
}

BOOLEAN MiInsertVad(PMM_AVL_TABLE Table, PMMVAD Vad)
{
    PMMVAD Parent = NULL, Node = Table->Root, Child;

    while (Node != NULL) {
        Parent = Node;
        if (Vad->EndingVpn < Node->StartingVpn)
            Node = Node->LeftChild;
        else if (Vad->StartingVpn > Node->EndingVpn)
            Node = Node->RightChild;
        else
            return FALSE; /* the ranges are sorted: no other can overlap */
    }
    Vad->LeftChild = Vad->RightChild = NULL;
    Vad->Balance = 0;
    Vad->Parent = Parent;
    if (Parent == NULL)
        Table->Root = Vad;
    else if (Vad->EndingVpn < Parent->StartingVpn)
        Parent->LeftChild = Vad;
    else
        Parent->RightChild = Vad;
    Table->NumberGenericTableElements++;

    /* Up from the new leaf while the subtree grew taller. */
    for (Child = Vad, Node = Parent; Node != NULL;
         Child = Node, Node = Node->Parent) {
        Node->Balance += Child == Node->LeftChild ? -1 : 1;
        if (Node->Balance == 0)
            break;
        if (Node->Balance == 2 || Node->Balance == -2) {
            rebalance(Table, Node); /* back to the height before */
            break;
        }
    }
    return TRUE;
}

/* A subtree under Node lost a level on the left (FromLeft) or right. */
static VOID retrace_after_removal(PMM_AVL_TABLE Table, PMMVAD Node,
                                  BOOLEAN FromLeft)
{
    while (Node != NULL) {
        PMMVAD Parent = Node->Parent;
        BOOLEAN NodeIsLeft = Parent != NULL && Parent->LeftChild == Node;
        LONG Sibling;

        Node->Balance += FromLeft ? 1 : -1;
        if (Node->Balance == 1 || Node->Balance == -1)
            return; /* was even: its height is unchanged */
        if (Node->Balance != 0) {
            Sibling = Node->Balance > 0 ? Node->RightChild->Balance
                                        : Node->LeftChild->Balance;
            rebalance(Table, Node);
            if (Sibling == 0)
                return; /* a single rotation of an even sibling keeps it */
        }
        FromLeft = NodeIsLeft;
        Node = Parent;
    }
}

VOID MiRemoveVad(PMM_AVL_TABLE Table, PMMVAD Vad)
{
    PMMVAD Retrace, Successor, Child;
    BOOLEAN FromLeft;

    if (Vad->LeftChild != NULL && Vad->RightChild != NULL) {
        /* The in-order successor (no left child) takes Vad's place. */
        Successor = Vad->RightChild;
        while (Successor->LeftChild != NULL)
            Successor = Successor->LeftChild;
        if (Successor->Parent == Vad) {
            Retrace = Successor;
            FromLeft = FALSE;
        } else {
            Retrace = Successor->Parent;
            FromLeft = TRUE;
            Retrace->LeftChild = Successor->RightChild;
            if (Successor->RightChild != NULL)
                Successor->RightChild->Parent = Retrace;
            Successor->RightChild = Vad->RightChild;
            Vad->RightChild->Parent = Successor;
        }
        Successor->LeftChild = Vad->LeftChild;
        Vad->LeftChild->Parent = Successor;
        Successor->Balance = Vad->Balance;
        replace_child(Table, Vad->Parent, Vad, Successor);
    } else {
        Child = Vad->LeftChild != NULL ? Vad->LeftChild : Vad->RightChild;
        Retrace = Vad->Parent;
        FromLeft = Retrace != NULL && Retrace->LeftChild == Vad;
        replace_child(Table, Vad->Parent, Vad, Child);
    }
    Table->NumberGenericTableElements--;
    Vad->Parent = Vad->LeftChild = Vad->RightChild = NULL;
    retrace_after_removal(Table, Retrace, FromLeft);
}

PMMVAD MiLocateVpn(PMM_AVL_TABLE Table, ULONG Vpn)
{
    PMMVAD Node = Table->Root;

    while (Node != NULL) {
        if (Vpn < Node->StartingVpn)
            Node = Node->LeftChild;
        else if (Vpn > Node->EndingVpn)
            Node = Node->RightChild;
        else
            return Node;
    }
    return NULL;
}

PMMVAD MiFirstVadAtOrAbove(PMM_AVL_TABLE Table, ULONG Vpn)
{
    PMMVAD Node = Table->Root, Found = NULL;

    while (Node != NULL) {
        if (Vpn <= Node->EndingVpn) {
            Found = Node;
            Node = Node->LeftChild;
        } else {
            Node = Node->RightChild;
        }
    }
    return Found;
}

PMMVAD MiCheckForConflictingVad(PMM_AVL_TABLE Table, ULONG StartingVpn,
                                ULONG EndingVpn)
{
    PMMVAD Vad = MiFirstVadAtOrAbove(Table, StartingVpn);

    return Vad != NULL && Vad->StartingVpn <= EndingVpn ? Vad : NULL;
}

PMMVAD MiGetFirstVad(PMM_AVL_TABLE Table)
{
    PMMVAD Node = Table->Root;

    while (Node != NULL && Node->LeftChild != NULL)
        Node = Node->LeftChild;
    return Node;
}

PMMVAD MiGetNextVad(PMMVAD Vad)
{
    if (Vad->RightChild != NULL) {
        Vad = Vad->RightChild;
        while (Vad->LeftChild != NULL)
            Vad = Vad->LeftChild;
        return Vad;
    }
    while (Vad->Parent != NULL && Vad->Parent->RightChild == Vad)
        Vad = Vad->Parent;
    return Vad->Parent;
}

/* First fit: each try that meets a VAD moves past it (up) or below it
 * (down). Page numbers stay below 2^20, so no sum here wraps. */
BOOLEAN MiFindEmptyVpnRange(PMM_AVL_TABLE Table, ULONG PageCount,
                            ULONG AlignmentPages, ULONG LowestVpn,
                            ULONG HighestVpn, BOOLEAN TopDown,
                            PULONG StartingVpn)
{
    ULONG Mask = AlignmentPages - 1, Start, Top = HighestVpn;
    PMMVAD Vad;

    if (PageCount == 0 || HighestVpn < LowestVpn ||
        HighestVpn - LowestVpn + 1 < PageCount)
        return FALSE;
    Start = (LowestVpn + Mask) & ~Mask;
    for (;;) {
        if (TopDown) {
            if (Top + 1 < PageCount)
                return FALSE;
            Start = (Top + 1 - PageCount) & ~Mask;
            if (Start < LowestVpn)
                return FALSE;
        } else if (Start > HighestVpn || HighestVpn - Start + 1 < PageCount) {
            return FALSE;
        }
        Vad = MiCheckForConflictingVad(Table, Start, Start + PageCount - 1);
        if (Vad == NULL) {
            *StartingVpn = Start;
            return TRUE;
        }
        if (TopDown) {
            if (Vad->StartingVpn == 0)
                return FALSE;
            Top = Vad->StartingVpn - 1;
        } else {
            Start = (Vad->EndingVpn + 1 + Mask) & ~Mask;
        }
    }
}

/* The subtree's height, or -1 when a check failed (*Failure says which). */
static LONG check_subtree(PMMVAD Node, PMMVAD Parent, PMMVAD *Previous,
                          PULONG Count, PULONG Failure)
{
    LONG Left, Right;

    if (Node == NULL)
        return 0;
    if (Node->Parent != Parent) {
        *Failure = 1;
        return -1;
    }
    Left = check_subtree(Node->LeftChild, Node, Previous, Count, Failure);
    if (Left < 0)
        return -1;
    if (Node->StartingVpn > Node->EndingVpn) {
        *Failure = 2;
        return -1;
    }
    if (*Previous != NULL && (*Previous)->EndingVpn >= Node->StartingVpn) {
        *Failure = 3;
        return -1;
    }
    *Previous = Node;
    (*Count)++;
    Right = check_subtree(Node->RightChild, Node, Previous, Count, Failure);
    if (Right < 0)
        return -1;
    if (Node->Balance != Right - Left) {
        *Failure = 4;
        return -1;
    }
    if (Node->Balance < -1 || Node->Balance > 1) {
        *Failure = 5;
        return -1;
    }
    return 1 + max_of(Left, Right);
}

ULONG MiCheckVadTree(PMM_AVL_TABLE Table)
{
    PMMVAD Previous = NULL;
    ULONG Count = 0, Failure = 0;

    if (check_subtree(Table->Root, NULL, &Previous, &Count, &Failure) < 0)
        return Failure;
    return Count == Table->NumberGenericTableElements ? 0 : 6;
}
