/*
 * Forced into test_crt (-include): the kernel's C run-time routines get
 * names of their own on the host, so the test calls them and not the
 * host's C library, which still serves host_test.h.
 */
#define memchr kcrt_memchr
#define strncmp kcrt_strncmp
#define strcpy kcrt_strcpy
#define strncpy kcrt_strncpy
#define strcat kcrt_strcat
#define strncat kcrt_strncat
#define strchr kcrt_strchr
#define strrchr kcrt_strrchr
#define strstr kcrt_strstr
#define strspn kcrt_strspn
#define _stricmp kcrt__stricmp
#define _strnicmp kcrt__strnicmp
#define _strupr kcrt__strupr
#define _strlwr kcrt__strlwr
#define wcslen kcrt_wcslen
#define wcscmp kcrt_wcscmp
#define wcsncmp kcrt_wcsncmp
#define wcscpy kcrt_wcscpy
#define wcsncpy kcrt_wcsncpy
#define wcscat kcrt_wcscat
#define wcschr kcrt_wcschr
#define wcsrchr kcrt_wcsrchr
#define wcsstr kcrt_wcsstr
#define _wcsicmp kcrt__wcsicmp
#define _wcsnicmp kcrt__wcsnicmp
#define _wcsupr kcrt__wcsupr
#define _wcslwr kcrt__wcslwr
#define isdigit kcrt_isdigit
#define isxdigit kcrt_isxdigit
#define isspace kcrt_isspace
#define isupper kcrt_isupper
#define islower kcrt_islower
#define isprint kcrt_isprint
#define toupper kcrt_toupper
#define tolower kcrt_tolower
#define towupper kcrt_towupper
#define towlower kcrt_towlower
#define atoi kcrt_atoi
#define atol kcrt_atol
#define sprintf kcrt_sprintf
#define vsprintf kcrt_vsprintf
#define _snprintf kcrt__snprintf
#define _vsnprintf kcrt__vsnprintf
#define swprintf kcrt_swprintf
#define _snwprintf kcrt__snwprintf
#define _vsnwprintf kcrt__vsnwprintf
