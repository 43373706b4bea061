// A forgiving SQL tokenizer for attack detection. It reads any text without
// failing, one token per next() call, in time linear in the input and without
// allocating: keywords are recognised by a 64-bit hash of their lowercase
// spelling, computed while the word is read.
//
// It covers the dialects attackers target at once (MySQL, PostgreSQL, MSSQL,
// Oracle, SQLite): '...' "..." with doubled quotes and backslash escapes,
// N'' X'' B'' E'' prefixes, numbers (hex 0x.., binary 0b.., decimals,
// exponents), `backtick` and [bracket] identifiers, @var / @@var, operators,
// and comments (-- # /* */). MySQL's executable comments /*! ... */ are read
// as code, which is what MySQL does. A word split by an inline comment
// (UN/**/ION) is joined when the joined spelling is a keyword.
//
// The lexer can start inside a string (`quote` in reset()): that is how the
// detector asks "what if the application put this value between quotes?".

export const enum Tok {
  End = 0, Str = 1, Num = 2, Word = 3, Var = 4, Op = 5,
  LParen = 6, RParen = 7, Comma = 8, Semi = 9, Dot = 10, Other = 11,
}

// Operator classes (Op tokens).
export const enum OpClass { Cmp = 1, Logic = 2, Arith = 3, Not = 4 }

// Keyword classes (Word tokens; Kw.None for plain identifiers).
export const enum Kw {
  None = 0, Logic = 1, Union = 2, Select = 3, Stmt = 4, Clause = 5, Expr = 6,
  Literal = 7, Obj = 8, Modifier = 9, Waitfor = 10, Delay = 11,
  FnTime = 12, FnError = 13, FnFile = 14, FnString = 15, FnInfo = 16, Schema = 17,
}

// Token flags.
export const enum TF {
  AfterComment = 1,   // a comment came before this token
  LineComment = 2,    // ... and it was a -- or # comment (ran to end of line)
  Unclosed = 4,       // string/identifier/comment not closed before the end
  Func = 8,           // word directly followed by "("
  Joined = 16,        // keyword assembled across an inline comment
  Break = 32,         // the string that the context's quote opened, now closed
  Spaced = 64,        // whitespace came before this token
}

// Keyword table: spelling -> (class << 8 | id). Ids matter only where a rule
// needs one exact word; the rest share id 0 within their class.
export const enum KwId { None = 0, Or = 1, And = 2, Drop = 3, Create = 4, Alter = 5, Truncate = 6,
  Exec = 7, Declare = 8, Shutdown = 9, Insert = 10, Update = 11, Delete = 12, From = 13, Where = 14,
  Order = 15, Group = 16, By = 17, Having = 18, Limit = 19, Into = 20, Outfile = 21, Like = 22,
  Between = 23, Is = 24, In = 25, Set = 26, Procedure = 27, Not = 28, Null = 29, True = 30, Xor = 31,
  Offset = 32, Case = 33, When = 34, Select = 35, Union = 36, All = 37, Distinct = 38, Regexp = 39,
  Sounds = 40, Div = 41, Values = 42, Rlike = 43, Then = 44, If = 45, Dumpfile = 46, Load = 47, False = 48, Sleep = 49 }

export const KW_WORDS: string[] = [
  "or", "and", "xor", "not", "div", "mod",
  "union", "intersect", "except", "minus",
  "select",
  "insert", "update", "delete", "drop", "create", "alter", "truncate", "exec", "execute", "declare",
  "shutdown", "grant", "revoke", "rename", "replace", "merge", "call", "use", "show", "describe", "handler",
  "load", "prepare", "deallocate", "open", "fetch", "begin", "commit", "rollback",
  "from", "where", "order", "group", "by", "having", "limit", "into", "outfile", "dumpfile", "offset",
  "procedure", "join", "inner", "outer", "left", "right", "cross", "natural", "on", "as", "set", "values",
  "asc", "desc", "top", "returning", "using", "for", "collate", "straight_join", "window", "over",
  "like", "rlike", "regexp", "between", "is", "in", "case", "when", "then", "else", "end", "sounds", "escape",
  "exists", "any", "some", "binary", "if", "notnull", "glob", "ilike", "similar",
  "null", "true", "false", "unknown",
  "table", "database", "schema", "view", "function", "index", "column", "user", "trigger", "login", "tables",
  "all", "distinct", "distinctrow", "high_priority", "sql_calc_found_rows", "sql_no_cache",
  "waitfor", "delay", "time",
  "sleep", "benchmark", "pg_sleep", "pg_sleep_for", "randomblob", "receive_message", "dbms_lock", "dbms_pipe",
  "extractvalue", "updatexml", "exp", "name_const", "gtid_subset", "geometrycollection", "multipoint",
  "polygon", "linestring", "multilinestring", "multipolygon", "json_keys", "floor", "rand", "xmltype",
  "utl_inaddr", "get_host_address", "utl_http", "ctxsys", "drithsx",
  "load_file", "xp_cmdshell", "xp_dirtree", "xp_regread", "sp_executesql", "sp_oacreate", "openrowset",
  "opendatasource", "lo_import", "lo_export", "lo_get", "lo_put", "lo_from_bytea", "pg_read_file", "pg_ls_dir", "copy", "bulk",
  "char", "chr", "nchar", "concat", "concat_ws", "group_concat", "string_agg", "ascii", "ord", "substring",
  "substr", "mid", "hex", "unhex", "unicode", "cast", "convert", "length", "len", "md5", "sha1",
  "lpad", "rpad", "reverse", "make_set", "elt", "ifnull", "isnull", "coalesce", "nullif", "iif", "char_length",
  "version", "database", "current_user", "system_user", "session_user", "user_name", "db_name",
  "schema_name", "current_database", "connection_id", "last_insert_id", "row_count", "host_name",
  "information_schema", "sysobjects", "syscolumns", "sysdatabases", "sys", "pg_catalog", "pg_shadow",
  "pg_user", "mysql", "master", "dual", "all_tables", "user_tables", "sqlite_master", "msysobjects",
  "sysibm", "systables",
];

function classOf(w: string): i32 {
  if (w == "or") return (Kw.Logic << 8) | KwId.Or;
  if (w == "and") return (Kw.Logic << 8) | KwId.And;
  if (w == "xor") return (Kw.Logic << 8) | KwId.Xor;
  if (w == "not") return (Kw.Expr << 8) | KwId.Not;
  if (w == "div" || w == "mod") return (Kw.Expr << 8) | KwId.Div;
  if (w == "union") return (Kw.Union << 8) | KwId.Union;
  if (w == "intersect" || w == "except" || w == "minus") return (Kw.Union << 8);
  if (w == "select") return (Kw.Select << 8) | KwId.Select;
  if (w == "drop") return (Kw.Stmt << 8) | KwId.Drop;
  if (w == "create") return (Kw.Stmt << 8) | KwId.Create;
  if (w == "alter") return (Kw.Stmt << 8) | KwId.Alter;
  if (w == "truncate") return (Kw.Stmt << 8) | KwId.Truncate;
  if (w == "exec" || w == "execute") return (Kw.Stmt << 8) | KwId.Exec;
  if (w == "declare") return (Kw.Stmt << 8) | KwId.Declare;
  if (w == "shutdown") return (Kw.Stmt << 8) | KwId.Shutdown;
  if (w == "insert") return (Kw.Stmt << 8) | KwId.Insert;
  if (w == "update") return (Kw.Stmt << 8) | KwId.Update;
  if (w == "delete") return (Kw.Stmt << 8) | KwId.Delete;
  if (w == "load") return (Kw.Stmt << 8) | KwId.Load;
  if (w == "grant" || w == "revoke" || w == "rename" || w == "replace" || w == "merge" || w == "call" ||
      w == "use" || w == "show" || w == "describe" || w == "handler" || w == "prepare" || w == "deallocate" ||
      w == "open" || w == "fetch" || w == "begin" || w == "commit" || w == "rollback") return (Kw.Stmt << 8);
  if (w == "from") return (Kw.Clause << 8) | KwId.From;
  if (w == "where") return (Kw.Clause << 8) | KwId.Where;
  if (w == "order") return (Kw.Clause << 8) | KwId.Order;
  if (w == "group") return (Kw.Clause << 8) | KwId.Group;
  if (w == "by") return (Kw.Clause << 8) | KwId.By;
  if (w == "having") return (Kw.Clause << 8) | KwId.Having;
  if (w == "limit") return (Kw.Clause << 8) | KwId.Limit;
  if (w == "into") return (Kw.Clause << 8) | KwId.Into;
  if (w == "outfile") return (Kw.Clause << 8) | KwId.Outfile;
  if (w == "dumpfile") return (Kw.Clause << 8) | KwId.Dumpfile;
  if (w == "offset") return (Kw.Clause << 8) | KwId.Offset;
  if (w == "procedure") return (Kw.Clause << 8) | KwId.Procedure;
  if (w == "set") return (Kw.Clause << 8) | KwId.Set;
  if (w == "values") return (Kw.Clause << 8) | KwId.Values;
  if (w == "join" || w == "inner" || w == "outer" || w == "left" || w == "right" || w == "cross" ||
      w == "natural" || w == "on" || w == "as" || w == "asc" || w == "desc" || w == "top" || w == "returning" ||
      w == "using" || w == "for" || w == "collate" || w == "straight_join" || w == "window" || w == "over") return (Kw.Clause << 8);
  if (w == "like" || w == "ilike" || w == "glob" || w == "similar") return (Kw.Expr << 8) | KwId.Like;
  if (w == "notnull") return (Kw.Expr << 8) | KwId.Is;
  if (w == "rlike") return (Kw.Expr << 8) | KwId.Rlike;
  if (w == "regexp") return (Kw.Expr << 8) | KwId.Regexp;
  if (w == "between") return (Kw.Expr << 8) | KwId.Between;
  if (w == "is") return (Kw.Expr << 8) | KwId.Is;
  if (w == "in") return (Kw.Expr << 8) | KwId.In;
  if (w == "case") return (Kw.Expr << 8) | KwId.Case;
  if (w == "when") return (Kw.Expr << 8) | KwId.When;
  if (w == "then") return (Kw.Expr << 8) | KwId.Then;
  if (w == "if") return (Kw.Expr << 8) | KwId.If;
  if (w == "sounds") return (Kw.Expr << 8) | KwId.Sounds;
  if (w == "else" || w == "end" || w == "escape" || w == "exists" || w == "any" || w == "some" || w == "binary") return (Kw.Expr << 8);
  if (w == "null") return (Kw.Literal << 8) | KwId.Null;
  if (w == "true") return (Kw.Literal << 8) | KwId.True;
  if (w == "false") return (Kw.Literal << 8) | KwId.False;
  if (w == "unknown") return (Kw.Literal << 8);
  if (w == "table" || w == "database" || w == "schema" || w == "view" || w == "function" || w == "index" ||
      w == "column" || w == "user" || w == "trigger" || w == "login" || w == "tables") return (Kw.Obj << 8);
  if (w == "all") return (Kw.Modifier << 8) | KwId.All;
  if (w == "distinct" || w == "distinctrow") return (Kw.Modifier << 8) | KwId.Distinct;
  if (w == "high_priority" || w == "sql_calc_found_rows" || w == "sql_no_cache") return (Kw.Modifier << 8);
  if (w == "waitfor") return (Kw.Waitfor << 8);
  if (w == "delay" || w == "time") return (Kw.Delay << 8);
  if (w == "sleep") return (Kw.FnTime << 8) | KwId.Sleep;
  if (w == "benchmark" || w == "pg_sleep" || w == "pg_sleep_for" || w == "randomblob" ||
      w == "receive_message" || w == "dbms_lock" || w == "dbms_pipe") return (Kw.FnTime << 8);
  if (w == "extractvalue" || w == "updatexml" || w == "exp" || w == "name_const" || w == "gtid_subset" ||
      w == "geometrycollection" || w == "multipoint" || w == "polygon" || w == "linestring" ||
      w == "multilinestring" || w == "multipolygon" || w == "json_keys" || w == "floor" || w == "rand" ||
      w == "xmltype" || w == "utl_inaddr" || w == "get_host_address" || w == "utl_http" || w == "ctxsys" ||
      w == "drithsx") return (Kw.FnError << 8);
  if (w == "load_file" || w == "xp_cmdshell" || w == "xp_dirtree" || w == "xp_regread" || w == "sp_executesql" ||
      w == "sp_oacreate" || w == "openrowset" || w == "opendatasource" || w == "lo_import" || w == "lo_export" || w == "lo_get" || w == "lo_put" || w == "lo_from_bytea" ||
      w == "pg_read_file" || w == "pg_ls_dir" || w == "copy" || w == "bulk") return (Kw.FnFile << 8);
  if (w == "version" || w == "current_user" || w == "system_user" || w == "session_user" || w == "user_name" ||
      w == "db_name" || w == "schema_name" || w == "current_database" || w == "connection_id" ||
      w == "last_insert_id" || w == "row_count" || w == "host_name") return (Kw.FnInfo << 8);
  if (w == "information_schema" || w == "sysobjects" || w == "syscolumns" || w == "sysdatabases" || w == "sys" ||
      w == "pg_catalog" || w == "pg_shadow" || w == "pg_user" || w == "mysql" || w == "master" || w == "dual" ||
      w == "all_tables" || w == "user_tables" || w == "sqlite_master" || w == "msysobjects" || w == "sysibm" ||
      w == "systables") return (Kw.Schema << 8);
  return (Kw.FnString << 8);
}

const FNV_OFFSET: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;
// Longer words are never keywords (the longest spelling is 19 characters).
const MAX_KEYWORD: i32 = 24;

// Open-addressing table hash -> class (0 = not a keyword): one probe sequence
// per word, no allocation. 1024 slots for ~280 keywords keeps probes short.
const KW_SLOTS: i32 = 1024;
const kwKeys = new StaticArray<u64>(KW_SLOTS);
const kwVals = new StaticArray<i32>(KW_SLOTS);
for (let i = 0; i < KW_WORDS.length; i++) {
  let w = KW_WORDS[i];
  let h = FNV_OFFSET;
  for (let j = 0; j < w.length; j++) h = (h ^ <u64>w.charCodeAt(j)) * FNV_PRIME;
  let k = <i32>(h >> 54) & (KW_SLOTS - 1);
  while (kwKeys[k] != 0 && kwKeys[k] != h) k = (k + 1) & (KW_SLOTS - 1);
  if (kwKeys[k] == 0) { kwKeys[k] = h; kwVals[k] = classOf(w); }
}
function keywordClass(h: u64): i32 {
  let k = <i32>(h >> 54) & (KW_SLOTS - 1);
  while (true) {
    let key = unchecked(kwKeys[k]);
    if (key == h) return unchecked(kwVals[k]);
    if (key == 0) return 0;
    k = (k + 1) & (KW_SLOTS - 1);
  }
  return 0;
}

// The lexer's answer for text of ASCII letters, digits and spaces only
// (most names and search terms), without the lexer: 1 when every token would
// be a number or a word that is no keyword (the words hash exactly as word()
// hashes them; no "(" means no function call, no "/" no joined comment);
// 0 when some word is a keyword; -1 for any other text, or a number run into
// letters ("42abc": where the lexer splits it is not decided here).
// For 0 and 1 it also notes which keywords the words are (plainClasses and
// the rest below), so the detector can tell whether any rule could start.
export function plainAsciiWords(v: string): i32 {
  let n = v.length;
  let p = changetype<usize>(v);
  let i = 0;
  let classes: u32 = 0;
  let cmp = false;
  let from = false;
  let token = 0;
  let firstNum = false;
  let second = -1;
  while (i < n) {
    let c = <i32>load<u16>(p + (<usize>i << 1));
    if (c == 32) { i++; continue; }
    if (isDigit(c)) {
      while (i < n && isDigit(<i32>load<u16>(p + (<usize>i << 1)))) i++;
      if (i < n && load<u16>(p + (<usize>i << 1)) != 32) return -1;
      if (token == 0) firstNum = true;
      token++;
      continue;
    }
    if (!isAlpha(c)) return -1;
    let h = FNV_OFFSET;
    let len = 0;
    while (i < n) {
      c = <i32>load<u16>(p + (<usize>i << 1));
      if (c == 32) break;
      if (!isAlpha(c) && !isDigit(c)) return -1;
      if (len < MAX_KEYWORD) h = (h ^ <u64>(isAlpha(c) ? c | 32 : c)) * FNV_PRIME;
      len++;
      i++;
    }
    let cls = len <= MAX_KEYWORD ? keywordClass(h) : 0;
    let kw = cls >> 8;
    if (kw != Kw.None) {
      classes |= <u32>1 << <u32>kw;
      let id = cls & 0xff;
      if (kw == Kw.Expr && (id == KwId.Like || id == KwId.Rlike || id == KwId.Regexp || id == KwId.Is ||
          id == KwId.Sounds || id == KwId.Between || id == KwId.In)) cmp = true;
      if (kw == Kw.Clause && id == KwId.From) from = true;
    }
    if (token == 1 && firstNum) second = kw;
    token++;
  }
  plainClasses = classes;
  plainCmp = cmp;
  plainFrom = from;
  plainSecond = second;
  return classes != 0 ? 0 : 1;
}

// What the last plainAsciiWords call that returned 0 or 1 saw: a bit per Kw
// class among its words; a comparison keyword (LIKE, IN, IS, BETWEEN, REGEXP,
// RLIKE, SOUNDS, the ones the SQL rules compare with); the word FROM; the Kw
// class of the second token when the first is a number (-1 otherwise).
export let plainClasses: u32 = 0;
export let plainCmp: bool = false;
export let plainFrom: bool = false;
export let plainSecond: i32 = -1;

@inline function isDigit(c: i32): bool { return <u32>(c - 48) < 10; }
@inline function isAlpha(c: i32): bool { return <u32>((c | 32) - 97) < 26; }
@inline function isWordChar(c: i32): bool { return isAlpha(c) || isDigit(c) || c == 95 || c == 36 || c >= 0x80; }
@inline function isSpace(c: i32): bool {
  return c == 32 || (c >= 9 && c <= 13) || c == 0xa0 || c == 0;
}
@inline function isHex(c: i32): bool { return isDigit(c) || <u32>((c | 32) - 97) < 6; }

export class SqlLexer {
  s: string = "";
  n: i32 = 0;
  pos: i32 = 0;
  private openQuote: i32 = 0;   // context quote not yet consumed by the first token
  private execDepth: i32 = 0;   // inside /*! ... */

  // The current token.
  type: Tok = Tok.End;
  start: i32 = 0;
  end: i32 = 0;
  flags: i32 = 0;
  kw: Kw = Kw.None;
  kwId: i32 = 0;
  op: OpClass = 0;
  opChar: i32 = 0;

  reset(s: string, quote: i32): void {
    this.s = s;
    this.n = s.length;
    this.pos = 0;
    this.openQuote = quote;
    this.execDepth = 0;
  }

  @inline private at(i: i32): i32 {
    return i < this.n ? <i32>load<u16>(changetype<usize>(this.s) + (<usize>i << 1)) : -1;
  }

  // Skips whitespace and comments; returns the flags they contribute.
  private skip(): i32 {
    let f = 0;
    while (this.pos < this.n) {
      let c = this.at(this.pos);
      if (isSpace(c)) { this.pos++; f |= TF.Spaced; continue; }
      let d = this.at(this.pos + 1);
      if ((c == 45 && d == 45) || c == 35) { // -- or #
        f |= TF.AfterComment | TF.LineComment;
        while (this.pos < this.n && this.at(this.pos) != 10) this.pos++;
        continue;
      }
      if (c == 47 && d == 42) { // /*
        if (this.at(this.pos + 2) == 33) { // /*! executable comment: its body is code
          this.pos += 3;
          while (isDigit(this.at(this.pos))) this.pos++;
          this.execDepth++;
          f |= TF.Spaced;
          continue;
        }
        f |= TF.AfterComment;
        let close = this.findCommentEnd(this.pos + 2);
        if (close < 0) { this.pos = this.n; f |= TF.LineComment | TF.Unclosed; }
        else this.pos = close + 2;
        continue;
      }
      if (c == 42 && d == 47 && this.execDepth > 0) { this.execDepth--; this.pos += 2; f |= TF.Spaced; continue; }
      break;
    }
    return f;
  }

  private findCommentEnd(from: i32): i32 {
    for (let i = from; i + 1 < this.n; i++) {
      if (this.at(i) == 42 && this.at(i + 1) == 47) return i;
    }
    return -1;
  }

  next(): Tok {
    let f = 0;
    if (this.openQuote != 0) {
      let q = this.openQuote;
      this.openQuote = 0;
      this.start = 0;
      return this.finishString(q, 0, TF.Break);
    }
    f = this.skip();
    this.kw = Kw.None; this.kwId = 0; this.op = 0; this.opChar = 0;
    this.start = this.pos;
    if (this.pos >= this.n) { this.end = this.pos; this.flags = f; return this.type = Tok.End; }
    let c = this.at(this.pos);
    let d = this.at(this.pos + 1);
    this.flags = f;
    // String prefixes N'..' X'..' B'..' E'..' (national, hex, bit, escape strings).
    if ((d == 39) && ((c | 32) == 110 || (c | 32) == 120 || (c | 32) == 98 || (c | 32) == 101)) {
      this.pos++;
      return this.finishString(39, this.pos + 1, f);
    }
    if (c == 39 || c == 34) return this.finishString(c, this.pos + 1, f);
    if (isDigit(c) || (c == 46 && isDigit(d))) return this.number(f);
    if (isWordChar(c)) return this.word(f);
    this.pos++;
    switch (c) {
      case 40: return this.simple(Tok.LParen);
      case 41: return this.simple(Tok.RParen);
      case 44: return this.simple(Tok.Comma);
      case 59: return this.simple(Tok.Semi);
      case 46: return this.simple(Tok.Dot);
      case 96: { // `identifier`
        while (this.pos < this.n && this.at(this.pos) != 96) this.pos++;
        if (this.pos < this.n) this.pos++; else this.flags |= TF.Unclosed;
        return this.simple(Tok.Word);
      }
      case 91: { // [identifier] (MSSQL), only when it closes on the same short stretch
        let i = this.pos;
        while (i < this.n && i - this.pos < 128 && this.at(i) != 93 && this.at(i) != 10 && this.at(i) != 91) i++;
        if (this.at(i) == 93 && i > this.pos) { this.pos = i + 1; return this.simple(Tok.Word); }
        return this.simple(Tok.Other);
      }
      case 64: { // @var, @@var, @'quoted'
        if (this.at(this.pos) == 64) this.pos++;
        let q = this.at(this.pos);
        if (q == 39 || q == 34 || q == 96) {
          this.pos++;
          while (this.pos < this.n && this.at(this.pos) != q) this.pos++;
          if (this.pos < this.n) this.pos++;
        } else {
          while (isWordChar(this.at(this.pos))) this.pos++;
        }
        return this.simple(Tok.Var);
      }
    }
    return this.operator(c, d);
  }

  @inline private simple(t: Tok): Tok { this.end = this.pos; return this.type = t; }

  private finishString(q: i32, from: i32, f: i32): Tok {
    let i = from;
    let closed = false;
    while (i < this.n) {
      let c = this.at(i);
      if (c == 92) { i += 2; continue; }
      if (c == q) {
        if (this.at(i + 1) == q) { i += 2; continue; }
        closed = true;
        i++;
        break;
      }
      i++;
    }
    if (i > this.n) i = this.n;
    this.pos = i;
    this.end = i;
    this.flags = f | (closed ? 0 : TF.Unclosed);
    this.kw = Kw.None; this.kwId = 0; this.op = 0;
    return this.type = Tok.Str;
  }

  private number(f: i32): Tok {
    let i = this.pos;
    let c = this.at(i);
    let x = this.at(i + 1) | 32;
    if (c == 48 && x == 120 && isHex(this.at(i + 2))) { i += 2; while (isHex(this.at(i))) i++; }
    else if (c == 48 && x == 98 && (this.at(i + 2) == 48 || this.at(i + 2) == 49)) { i += 2; while (this.at(i) == 48 || this.at(i) == 49) i++; }
    else {
      while (isDigit(this.at(i))) i++;
      if (this.at(i) == 46) { i++; while (isDigit(this.at(i))) i++; }
      let e = this.at(i) | 32;
      if (e == 101) {
        let j = i + 1;
        let s = this.at(j);
        if (s == 43 || s == 45) j++;
        if (isDigit(this.at(j))) { i = j; while (isDigit(this.at(i))) i++; }
      }
    }
    this.pos = i;
    this.end = i;
    return this.type = Tok.Num;
  }

  private word(f: i32): Tok {
    let i = this.pos;
    let h = FNV_OFFSET;
    let len = 0;
    while (i < this.n) {
      let c = this.at(i);
      if (!isWordChar(c)) break;
      if (len < MAX_KEYWORD) h = (h ^ <u64>(isAlpha(c) ? c | 32 : c)) * FNV_PRIME;
      len++;
      i++;
    }
    let cls = len <= MAX_KEYWORD ? keywordClass(h) : 0;
    // UN/**/ION: join across inline comments when the joined spelling is a keyword.
    let j = i;
    while (this.at(j) == 47 && this.at(j + 1) == 42 && this.at(j + 2) != 33) {
      let close = this.findCommentEnd(j + 2);
      if (close < 0 || !isWordChar(this.at(close + 2))) break;
      let k = close + 2;
      let h2 = h;
      let len2 = len;
      while (k < this.n && isWordChar(this.at(k))) {
        let c = this.at(k);
        if (len2 < MAX_KEYWORD) h2 = (h2 ^ <u64>(isAlpha(c) ? c | 32 : c)) * FNV_PRIME;
        len2++;
        k++;
      }
      let cls2 = len2 <= MAX_KEYWORD ? keywordClass(h2) : 0;
      if (cls2 == 0) break;
      h = h2; len = len2; i = k; j = k;
      cls = cls2;
      f |= TF.Joined;
    }
    this.pos = i;
    this.end = i;
    this.kw = <Kw>(cls >> 8);
    this.kwId = cls & 0xff;
    // A word followed by "(" (spaces and comments allowed) is a function call.
    // Peek without consuming: the next token must still see those comments.
    // Fast path: spaces then something that cannot start a comment.
    let p = i;
    while (p < this.n && this.at(p) == 32) p++;
    let nc = this.at(p);
    if (nc == 40) f |= TF.Func;
    else if (nc == 47 || nc == 45 || nc == 35 || nc == 42 || isSpace(nc)) {
      let savePos = this.pos;
      let saveDepth = this.execDepth;
      this.skip();
      if (this.at(this.pos) == 40) f |= TF.Func;
      this.pos = savePos;
      this.execDepth = saveDepth;
    }
    this.flags = f;
    return this.type = Tok.Word;
  }

  private operator(c: i32, d: i32): Tok {
    let cls: OpClass = OpClass.Arith;
    this.opChar = c;
    switch (c) {
      case 61: // = ==
        if (d == 61) this.pos++;
        cls = OpClass.Cmp; break;
      case 60: // < <= <> <=> <<
        if (d == 61) { this.pos++; if (this.at(this.pos) == 62) this.pos++; cls = OpClass.Cmp; }
        else if (d == 62) { this.pos++; cls = OpClass.Cmp; }
        else if (d == 60) { this.pos++; cls = OpClass.Arith; }
        else cls = OpClass.Cmp;
        break;
      case 62: // > >= >>
        if (d == 61) { this.pos++; cls = OpClass.Cmp; }
        else if (d == 62) { this.pos++; cls = OpClass.Arith; }
        else cls = OpClass.Cmp;
        break;
      case 33: // != !< !> !
        if (d == 61 || d == 60 || d == 62) { this.pos++; cls = OpClass.Cmp; }
        else cls = OpClass.Not;
        break;
      case 124: // || |
        if (d == 124) { this.pos++; cls = OpClass.Logic; } else cls = OpClass.Arith;
        break;
      case 38: // && &
        if (d == 38) { this.pos++; cls = OpClass.Logic; } else cls = OpClass.Arith;
        break;
      case 58: // := ::
        if (d == 61 || d == 58) { this.pos++; cls = OpClass.Arith; }
        else { this.end = this.pos; return this.type = Tok.Other; }
        break;
      case 43: case 45: case 42: case 47: case 37: case 94: case 126:
        cls = OpClass.Arith; break;
      default:
        this.end = this.pos;
        return this.type = Tok.Other;
    }
    this.op = cls;
    this.end = this.pos;
    return this.type = Tok.Op;
  }
}
