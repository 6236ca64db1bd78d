/**
 * What model-written SQL may use, by name: anything not listed here is refused. An allow-list,
 * because a deny-list must know every dangerous function Postgres and its extensions will ever
 * have (`ts_stat(text)` ran a query from a string the old deny-list never heard of).
 *
 * Names are bare: `pg_catalog.lower` is `lower`; a function in any other schema (a user-defined
 * `demo.sneaky()`) is refused whatever its name. Deliberately absent: `repeat` (a gigabyte from one
 * call), anything that reads settings, files, the catalog, sequences or other sessions, and
 * anything that takes SQL as text (`query_to_xml`, `ts_stat`…).
 *
 * `generate_series` is here: "every month, including those with no sales" needs it, and the
 * runaway it allows (a series whose size the planner cannot see) is stopped below the guard —
 * statement_timeout on a server, the demo warehouse's process killed past its timeout.
 */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregates
  'count', 'sum', 'avg', 'min', 'max', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
  'corr', 'covar_pop', 'covar_samp', 'regr_slope', 'regr_intercept', 'regr_r2', 'regr_count', 'regr_avgx', 'regr_avgy',
  'percentile_cont', 'percentile_disc', 'mode', 'string_agg', 'array_agg', 'bool_and', 'bool_or', 'every',
  'json_agg', 'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'any_value',
  // math
  'round', 'trunc', 'floor', 'ceil', 'ceiling', 'abs', 'sign', 'mod', 'div', 'power', 'pow', 'sqrt', 'cbrt', 'ln', 'log', 'log10', 'exp',
  'greatest', 'least', 'width_bucket', 'pi', 'degrees', 'radians', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'scale', 'random',
  // strings
  'lower', 'upper', 'initcap', 'length', 'char_length', 'character_length', 'octet_length', 'substr', 'substring', 'position', 'strpos',
  'replace', 'translate', 'concat', 'concat_ws', 'trim', 'btrim', 'ltrim', 'rtrim', 'left', 'right', 'lpad', 'rpad', 'split_part',
  'reverse', 'starts_with', 'md5', 'to_hex', 'chr', 'ascii', 'quote_literal', 'regexp_replace', 'regexp_match', 'regexp_like',
  'regexp_count', 'overlay', 'unistr', 'normalize', 'format',
  // formatting and conversion
  'to_char', 'to_date', 'to_timestamp', 'to_number',
  // dates and times
  'date_trunc', 'date_part', 'extract', 'date_bin', 'age', 'now', 'make_date', 'make_time', 'make_timestamp', 'make_timestamptz',
  'make_interval', 'justify_days', 'justify_hours', 'justify_interval', 'isfinite', 'timezone', 'clock_timestamp', 'statement_timestamp',
  'transaction_timestamp', 'overlaps', 'date', 'generate_series',
  // JSON reading and building
  'json_extract_path', 'json_extract_path_text', 'jsonb_extract_path', 'jsonb_extract_path_text', 'json_array_length', 'jsonb_array_length',
  'json_typeof', 'jsonb_typeof', 'json_array_elements', 'json_array_elements_text', 'jsonb_array_elements', 'jsonb_array_elements_text',
  'json_each', 'json_each_text', 'jsonb_each', 'jsonb_each_text', 'json_object_keys', 'jsonb_object_keys', 'to_json', 'to_jsonb',
  'row_to_json', 'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'jsonb_strip_nulls', 'jsonb_pretty',
  // arrays
  'array_length', 'cardinality', 'array_position', 'array_positions', 'array_to_string', 'string_to_array', 'array_append', 'array_prepend',
  'array_cat', 'array_remove', 'array_replace', 'array_upper', 'array_lower', 'array_ndims', 'unnest',
  // windows
  'row_number', 'rank', 'dense_rank', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value', 'cume_dist', 'percent_rank',
  // type inspection
  'pg_typeof',
]);

/** Types a value may be cast to (`x::int`, `CAST(x AS date)`); reg* types are absent (they read the catalog by name). */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set([
  'int', 'int2', 'int4', 'int8', 'integer', 'smallint', 'bigint', 'numeric', 'decimal', 'real', 'float', 'float4', 'float8',
  'double precision', 'text', 'varchar', 'char', 'bpchar', 'character', 'character varying', 'bool', 'boolean', 'date', 'time', 'timetz',
  'timestamp', 'timestamptz', 'interval', 'json', 'jsonb', 'uuid', 'money',
]);

/** SQL-standard value keywords (SQLValueFunction ops) that are the clock; current_user and friends are absent. */
export const ALLOWED_VALUE_FUNCTIONS: ReadonlySet<string> = new Set([
  'SVFOP_CURRENT_DATE', 'SVFOP_CURRENT_TIME', 'SVFOP_CURRENT_TIME_N', 'SVFOP_CURRENT_TIMESTAMP', 'SVFOP_CURRENT_TIMESTAMP_N',
  'SVFOP_LOCALTIME', 'SVFOP_LOCALTIME_N', 'SVFOP_LOCALTIMESTAMP', 'SVFOP_LOCALTIMESTAMP_N',
]);

/**
 * Parse-tree node kinds a read-only query is made of. A node kind not listed (XmlExpr,
 * RangeTableFunc, LockingClause, DeleteStmt inside a CTE, ParamRef…) is refused, so syntax a
 * future Postgres adds is refused until someone looks at it.
 */
export const ALLOWED_NODES: ReadonlySet<string> = new Set([
  'SelectStmt', 'ResTarget', 'ColumnRef', 'A_Star', 'A_Const', 'String', 'Integer', 'Float', 'Boolean', 'BitString', 'List',
  'A_Expr', 'BoolExpr', 'NullTest', 'BooleanTest', 'SubLink', 'CaseExpr', 'CaseWhen', 'CoalesceExpr', 'MinMaxExpr', 'NullIfExpr',
  'RowExpr', 'A_ArrayExpr', 'A_Indirection', 'A_Indices', 'TypeCast', 'CollateClause', 'FuncCall', 'SQLValueFunction', 'GroupingFunc',
  'GroupingSet', 'SortBy', 'WindowDef', 'JoinExpr', 'RangeVar', 'RangeSubselect', 'RangeFunction', 'CommonTableExpr', 'WithClause',
  'Alias', 'TypeName', 'NamedArgExpr', 'SetToDefault',
]);
