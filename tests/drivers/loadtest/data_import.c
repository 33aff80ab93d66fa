/*
 * A data import as a WDK driver writes it: __declspec(dllimport) makes
 * the reference __imp__PsProcessType, the IAT slot holding its address.
 * Declared here without ntddk.h, whose declaration has no dllimport.
 */
typedef struct _OBJECT_TYPE *POBJECT_TYPE;
__declspec(dllimport) extern POBJECT_TYPE *PsProcessType;

__declspec(dllexport) POBJECT_TYPE __cdecl LoadTestProcessType(void)
{
    return *PsProcessType;
}
