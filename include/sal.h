/*
 * SAL, the source annotation language, as the WDK's sal.h defines it when
 * code analysis is not running: every annotation expands to nothing. Code
 * written for the WDK carries them on every parameter and function, so
 * they must all be known names. driverspecs.h adds the driver (__drv_*,
 * _IRQL_*) ones.
 */
#ifndef NT_SAL_H
#define NT_SAL_H

/* Parameters. */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(size)
#define _In_reads_opt_(size)
#define _In_reads_bytes_(size)
#define _In_reads_bytes_opt_(size)
#define _In_reads_z_(size)
#define _In_range_(lb, ub)
#define _Out_
#define _Out_opt_
#define _Out_writes_(size)
#define _Out_writes_opt_(size)
#define _Out_writes_bytes_(size)
#define _Out_writes_bytes_opt_(size)
#define _Out_writes_z_(size)
#define _Out_writes_to_(size, count)
#define _Out_writes_bytes_to_(size, count)
#define _Out_writes_bytes_all_(size)
#define _Out_range_(lb, ub)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(size)
#define _Inout_updates_opt_(size)
#define _Inout_updates_bytes_(size)
#define _Inout_updates_bytes_opt_(size)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_result_buffer_(size)
#define _Outptr_result_bytebuffer_(size)
#define _Deref_out_
#define _Deref_out_opt_
#define _Reserved_
#define _Pre_notnull_
#define _Pre_null_
#define _Pre_maybenull_
#define _Pre_valid_
#define _Post_valid_
#define _Post_invalid_
#define _Post_null_
#define _Post_notnull_
#define _Post_maybenull_
#define _Post_z_
#define _Post_writable_byte_size_(size)
#define _Post_readable_byte_size_(size)
#define _Notnull_
#define _Maybenull_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Field_size_(size)
#define _Field_size_opt_(size)
#define _Field_size_bytes_(size)
#define _Field_size_bytes_opt_(size)
#define _Field_size_part_(size, count)
#define _Field_size_bytes_part_(size, count)
#define _Field_range_(lb, ub)
#define _Field_z_
#define _Readable_bytes_(size)
#define _Writable_bytes_(size)
#define _Printf_format_string_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Interlocked_operand_
#define _Literal_
#define _Const_
#define _Points_to_data_
#define _Struct_size_bytes_(size)

/* Results and conditions. */
#define _Check_return_
#define _Must_inspect_result_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_z_
#define _Ret_range_(lb, ub)
#define _Ret_writes_(size)
#define _Ret_writes_bytes_(size)
#define _Ret_writes_maybenull_(size)
#define _Ret_writes_bytes_maybenull_(size)
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _Success_(expr)
#define _Return_type_success_(expr)
#define _When_(expr, annos)
#define _At_(target, annos)
#define _At_buffer_(target, iter, bound, annos)
#define _Group_(annos)
#define _On_failure_(annos)
#define _Always_(annos)
#define _Pre_satisfies_(expr)
#define _Post_satisfies_(expr)
#define _Satisfies_(expr)
#define _Analysis_assume_(expr)
#define _Analysis_mode_(mode)
#define _Analysis_noreturn_
#define _Use_decl_annotations_
#define _Function_class_(name)
#define _Post_equal_to_(expr)
#define _Unchanged_(expr)
#define _Old_(expr)
#define _Strict_type_match_
#define _Translates_Win32_to_HRESULT_(code)
#define _Null_terminated_

/* Locks. */
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Requires_exclusive_lock_held_(lock)
#define _Requires_shared_lock_held_(lock)
#define _Requires_no_locks_held_
#define _Acquires_lock_(lock)
#define _Acquires_exclusive_lock_(lock)
#define _Acquires_shared_lock_(lock)
#define _Releases_lock_(lock)
#define _Releases_exclusive_lock_(lock)
#define _Releases_shared_lock_(lock)
#define _Guarded_by_(lock)
#define _Write_guarded_by_(lock)
#define _Lock_kind_mutex_
#define _Lock_kind_event_
#define _Lock_kind_semaphore_
#define _Lock_kind_spin_lock_
#define _Lock_kind_critical_section_
#define _Has_lock_kind_(kind)
#define _Create_lock_level_(level)
#define _Lock_level_order_(a, b)
#define _No_competing_thread_
#define _Benign_race_begin_
#define _Benign_race_end_

/* The old (__-prefixed) spellings older driver samples use. */
#define __in
#define __in_opt
#define __out
#define __out_opt
#define __inout
#define __inout_opt
#define __in_bcount(size)
#define __in_bcount_opt(size)
#define __in_ecount(size)
#define __out_bcount(size)
#define __out_bcount_opt(size)
#define __out_ecount(size)
#define __deref_out
#define __deref_out_opt
#define __checkReturn
#define __success(expr)
#define __reserved
#define __nullterminated

#endif
