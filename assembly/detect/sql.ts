// SQL injection detector: recognises syntax that only makes sense when a value
// leaves the data context it was meant for and continues as SQL. Keywords in
// prose ("select a dress", "drop me a line", "this or that") have no such
// structure and pass.
//
// The value is tokenized three times, once per context an application embeds
// a value in: bare (`WHERE id = <v>`), between single quotes and between double
// quotes. In a quoted context the lexer starts inside the string, so the first
// token is the string the payload closes; what follows it is the injected part
// (libinjection's idea of trying each context; the rules here are our own and
// work on token classes, not on a learned fingerprint list).
//
// Rules look at a small window of tokens (at most LOOK ahead) in a ring buffer,
// so a scan is one pass, linear in the input, allocation-free, and bounded work
// per token however long the value is.
import { SqlLexer, Tok, TF, Kw, KwId, OpClass, plainAsciiWords, plainClasses, plainCmp, plainFrom, plainSecond } from "./sql_lexer";
import { Finding, Detector, Level } from "./finding";
import { Cls, punct } from "./charclass";

const RING: i32 = 16;             // power of two, > LOOK + 1 (rules read one token back)
const MASK: i32 = RING - 1;
const LOOK: i32 = 8;              // tokens a rule may read ahead of its anchor

const tType = new StaticArray<i32>(RING);
const tStart = new StaticArray<i32>(RING);
const tEnd = new StaticArray<i32>(RING);
const tFlags = new StaticArray<i32>(RING);
const tKw = new StaticArray<i32>(RING);
const tKwId = new StaticArray<i32>(RING);
const tOp = new StaticArray<i32>(RING);
const tOpChar = new StaticArray<i32>(RING);
const lexer = new SqlLexer();
let filled: i32 = 0;      // tokens read so far (absolute count)
let ended: bool = false;  // End token seen
let src: string = "";

function fill(upto: i32): void {
  while (filled <= upto && !ended) {
    let t = lexer.next();
    let k = filled & MASK;
    unchecked(tType[k] = <i32>t);
    unchecked(tStart[k] = lexer.start);
    unchecked(tEnd[k] = lexer.end);
    unchecked(tFlags[k] = lexer.flags);
    unchecked(tKw[k] = <i32>lexer.kw);
    unchecked(tKwId[k] = lexer.kwId);
    unchecked(tOp[k] = <i32>lexer.op);
    unchecked(tOpChar[k] = lexer.opChar);
    filled++;
    if (t == Tok.End) ended = true;
  }
}

// Accessors by absolute token index; past the end everything reads as End.
@inline function ok(j: i32): bool { return j >= 0 && j < filled; }
@inline function typ(j: i32): i32 { return ok(j) ? unchecked(tType[j & MASK]) : Tok.End; }
@inline function kw(j: i32): i32 { return typ(j) == Tok.Word ? unchecked(tKw[j & MASK]) : Kw.None; }
@inline function kwId(j: i32): i32 { return typ(j) == Tok.Word ? unchecked(tKwId[j & MASK]) : 0; }
@inline function fl(j: i32): i32 { return ok(j) ? unchecked(tFlags[j & MASK]) : 0; }
@inline function op(j: i32): i32 { return typ(j) == Tok.Op ? unchecked(tOp[j & MASK]) : 0; }
@inline function opChar(j: i32): i32 { return typ(j) == Tok.Op ? unchecked(tOpChar[j & MASK]) : 0; }
@inline function endOf(j: i32): i32 { return ok(j) ? unchecked(tEnd[j & MASK]) : src.length; }
@inline function startOf(j: i32): i32 { return ok(j) ? unchecked(tStart[j & MASK]) : src.length; }
@inline function isFunc(j: i32): bool { return typ(j) == Tok.Word && (fl(j) & TF.Func) != 0; }

function isLit(j: i32): bool {
  let t = typ(j);
  return t == Tok.Num || t == Tok.Str || (t == Tok.Word && kw(j) == Kw.Literal);
}
function isOperand(j: i32): bool {
  let t = typ(j);
  return isLit(j) || t == Tok.Var || (t == Tok.Word && (kw(j) == Kw.None || kw(j) >= Kw.FnTime));
}
function isLogic(j: i32): bool {
  return op(j) == OpClass.Logic || kw(j) == Kw.Logic;
}
function isCmp(j: i32): bool {
  if (op(j) == OpClass.Cmp) return true;
  let id = kwId(j);
  return kw(j) == Kw.Expr && (id == KwId.Like || id == KwId.Rlike || id == KwId.Regexp || id == KwId.Is || id == KwId.Sounds || id == KwId.Between || id == KwId.In);
}
// A function the SQL engines know and injections use (not any word before "(").
function isSqlFunc(j: i32): bool {
  if (!isFunc(j)) return false;
  let k = kw(j);
  return k >= Kw.FnTime && k <= Kw.FnInfo || k == Kw.Obj || (k == Kw.Expr && kwId(j) == KwId.If);
}
// Where a query value ends cleanly: end of input, a comment that swallows the
// application's suffix, a statement separator, or a closing parenthesis.
function isTail(j: i32): bool {
  let t = typ(j);
  if (t == Tok.End || t == Tok.Semi || t == Tok.RParen) return true;
  return (fl(j) & TF.LineComment) != 0;
}
// After the anchor j, skips "(" and NOT (a tautology may be wrapped in either).
function skipOpen(j: i32): i32 {
  let n = 0;
  while (n < 3 && (typ(j) == Tok.LParen || op(j) == OpClass.Not || (kw(j) == Kw.Expr && kwId(j) == KwId.Not))) { j++; n++; }
  return j;
}

// The shape of a select list that only a probe or an injection writes:
// literals, NULL, *, variables, function calls, or comma lists.
function strongSelectList(j: i32): bool {
  while (kw(j) == Kw.Modifier) j++;
  if (isLit(j) || typ(j) == Tok.Var || isFunc(j) || opChar(j) == 42 || typ(j) == Tok.LParen) return true;
  if (kw(j) == Kw.Schema || kw(j) == Kw.FnInfo) return true;
  return isOperand(j) && typ(j + 1) == Tok.Comma;
}

let best: Finding | null = null;
let brkSql: bool = false;  // the token after the break is SQL syntax (keyword or operator)
let brkIndex: i32 = -1;
function report(level: i32, id: string, from: i32, to: i32): void {
  let b = best;
  if (b !== null && b.level <= <u8>level) return;
  let s = startOf(from);
  let e = endOf(to);
  best = new Finding(<u8>Detector.Sql, <u8>level, id, s, e > s ? e - s : 0);
}

// Rules anchored at token i. `brk` is true when i is the first token after the
// context was closed (the injection point).
function rules(i: i32, brk: bool, quoted: bool): void {
  let t = typ(i);
  let k = kw(i);
  // Only keywords, operators, ";" and the end anchor a rule away from the
  // injection point: plain words, numbers and strings return at once.
  if (!brk && (t == Tok.Num || t == Tok.Str || t == Tok.Comma || t == Tok.Dot || t == Tok.LParen || t == Tok.RParen ||
      t == Tok.Other || t == Tok.Var || (t == Tok.Word && k == Kw.None))) return;

  // UNION [ALL|DISTINCT] [(] SELECT ... (and INTERSECT / EXCEPT / MINUS)
  if (k == Kw.Union) {
    let j = i + 1;
    if (kw(j) == Kw.Modifier) j++;
    if (typ(j) == Tok.LParen) j++;
    if (kw(j) == Kw.Select) {
      let strong = strongSelectList(j + 1) || (fl(i) & (TF.Joined | TF.AfterComment)) != 0;
      let listed = typ(j + 1) == Tok.Word && (kwId(j + 2) == KwId.From || typ(j + 2) == Tok.Comma);
      if (kwId(i) != KwId.Union && !strong) return;
      report(brk ? (strong ? Level.Basic : Level.Standard) : (strong || listed ? Level.Standard : Level.Strict), "BW-SQL-UNION-1", i, j + 1);
    }
    return;
  }

  // Stacked query: ; <statement>
  if (t == Tok.Semi) {
    let j = i + 1;
    let kj = kw(j);
    let id = kwId(j);
    let lvl = 0;
    if (kj == Kw.Stmt) {
      if ((id == KwId.Drop || id == KwId.Create || id == KwId.Alter || id == KwId.Truncate) && kw(j + 1) == Kw.Obj) lvl = Level.Standard;
      else if (id == KwId.Exec && (typ(j + 1) == Tok.Var || kw(j + 1) == Kw.FnFile || isMsProc(j + 1))) lvl = Level.Standard;
      else if (id == KwId.Declare && typ(j + 1) == Tok.Var) lvl = Level.Standard;
      else if (id == KwId.Shutdown && isTail(j + 1)) lvl = Level.Standard;
      // "open the box; insert into slot A", "; delete from my history": prose has these
      // too, so the statement must go on like SQL (VALUES/SELECT/column list, WHERE).
      else if (id == KwId.Insert && kwId(j + 1) == KwId.Into && typ(j + 2) == Tok.Word &&
               (kwId(j + 3) == KwId.Values || kw(j + 3) == Kw.Select || typ(j + 3) == Tok.LParen)) lvl = Level.Standard;
      else if (id == KwId.Update && typ(j + 1) == Tok.Word && kwId(j + 2) == KwId.Set && typ(j + 3) == Tok.Word && isCmp(j + 4)) lvl = Level.Standard;
      else if (id == KwId.Delete && kwId(j + 1) == KwId.From && typ(j + 2) == Tok.Word && (kwId(j + 3) == KwId.Where || isTail(j + 3))) lvl = Level.Standard;
    } else if (kj == Kw.Waitfor && kw(j + 1) == Kw.Delay) {
      lvl = Level.Basic;
    } else if (kj == Kw.Select && strongSelectList(j + 1)) {
      lvl = Level.Standard;
    }
    if (lvl != 0) report(brk && lvl == Level.Standard ? Level.Basic : lvl, "BW-SQL-STACK-1", i, j + 1);
    else if (brk && quoted && typ(j) == Tok.End) report(Level.Standard, "BW-SQL-STACK-1", i, i);
    return;
  }

  // WAITFOR DELAY '0:0:5'
  if (k == Kw.Waitfor) {
    if (kw(i + 1) == Kw.Delay && (typ(i + 2) == Tok.Str || typ(i + 2) == Tok.Var)) report(Level.Basic, "BW-SQL-TIME-1", i, i + 2);
    return;
  }

  // Time, error and file functions.
  if (t == Tok.Word && (k == Kw.FnTime || k == Kw.FnError || k == Kw.FnFile)) {
    let prev = sqlBefore(i - 1) || brk;
    if (isFunc(i)) {
      let j = i + 1; // "("
      let closesOnNumber = typ(j + 1) == Tok.Num && typ(j + 2) == Tok.RParen;
      let nested = typ(j + 1) == Tok.LParen || kw(j + 1) == Kw.Select || isFunc(j + 1) || typ(j + 1) == Tok.Var;
      let id = k == Kw.FnTime ? "BW-SQL-TIME-1" : k == Kw.FnError ? "BW-SQL-ERR-1" : "BW-SQL-FILE-1";
      if (prev && (closesOnNumber || nested || k != Kw.FnError || typ(j + 2) == Tok.Comma)) report(Level.Basic, id, i, j + 2);
      // sleep is an English word ("sleep (8 hours)"); benchmark(, pg_sleep( and the rest are not.
      else if (closesOnNumber || nested || (k == Kw.FnTime && kwId(i) != KwId.Sleep && typ(j + 1) != Tok.End)) report(Level.Standard, id, i, j + 2);
      else if (k != Kw.FnError || prev) report(Level.Strict, id, i, i);
    } else if (typ(i + 1) == Tok.Dot && isFunc(i + 2) && kw(i + 2) == k) {
      // dbms_lock.sleep(, dbms_pipe.receive_message(, utl_inaddr.get_host_address(
      report(prev ? Level.Basic : Level.Standard, k == Kw.FnTime ? "BW-SQL-TIME-1" : "BW-SQL-ERR-1", i, i + 3);
    }
    return;
  }

  // Logic operator: tautologies and boolean-blind probes.
  if (isLogic(i)) {
    let j = skipOpen(i + 1);
    if (isLit(j) && isCmp(j + 1) && isLit(j + 2)) {
      report(brk ? Level.Basic : Level.Standard, "BW-SQL-TAUT-1", i, j + 2);
    } else if (isOperand(j) && isCmp(j + 1) && (isOperand(j + 2) || typ(j + 2) == Tok.LParen)) {
      report(brk ? Level.Standard : Level.Strict, "BW-SQL-TAUT-1", i, j + 2);
    } else if (brk && isLit(j) && (isTail(j + 1) || isCmp(j + 1))) {
      report(Level.Standard, "BW-SQL-TAUT-1", i, j);
    } else if (brk && quoted && isOperand(j) && isCmp(j + 1)) {
      report(Level.Standard, "BW-SQL-TAUT-1", i, j + 1);
    } else if (kw(j) == Kw.Select && typ(j - 1) == Tok.LParen) {
      report(brk ? Level.Basic : Level.Standard, "BW-SQL-BOOL-1", i, j);
    } else if (isSqlFunc(j)) {
      report(brk ? Level.Standard : Level.Strict, "BW-SQL-BOOL-1", i, j + 1);
    } else if (brk && quoted && isFunc(j)) {
      report(Level.Standard, "BW-SQL-BOOL-1", i, j + 1);
    }
    return;
  }

  // SELECT outside UNION: a whole statement or a subquery.
  if (k == Kw.Select) {
    if (kw(i - 1) == Kw.Union || kw(i - 1) == Kw.Modifier || (typ(i - 1) == Tok.LParen && kw(i - 2) == Kw.Union)) return;
    let j = i + 1;
    let probe = typ(j) == Tok.Var || isSqlFunc(j) || kw(j) == Kw.Schema || (typ(j) == Tok.LParen && kw(j + 1) == Kw.Expr && kwId(j + 1) == KwId.Case);
    let fromAt = -1;
    for (let n = 1; n <= LOOK - 2; n++) if (kwId(i + n) == KwId.From && kw(i + n) == Kw.Clause) { fromAt = i + n; break; }
    let fromSchema = fromAt >= 0 && (kw(fromAt + 1) == Kw.Schema || (typ(fromAt + 2) == Tok.Dot && kw(fromAt + 3) == Kw.Schema));
    let sub = typ(i - 1) == Tok.LParen && (isLogic(i - 2) || op(i - 2) != 0 || typ(i - 2) == Tok.Comma ||
      (kw(i - 2) == Kw.Expr && kwId(i - 2) == KwId.In) || (kw(i - 2) == Kw.Clause && kwId(i - 2) == KwId.From));
    if (sub && strongSelectList(j)) { report(brk ? Level.Basic : Level.Standard, "BW-SQL-STMT-1", i - 1, j); return; }
    if (probe || fromSchema) report(brk || sub ? Level.Basic : Level.Standard, "BW-SQL-STMT-1", i, fromAt >= 0 ? fromAt + 1 : j);
    else if (sub && fromAt >= 0) report(Level.Standard, "BW-SQL-STMT-1", i, fromAt + 1);
    else if (fromAt >= 0 && strongSelectList(j) && typ(fromAt + 1) == Tok.Word) report(brk ? Level.Standard : Level.Strict, "BW-SQL-STMT-1", i, fromAt + 1);
    return;
  }

  // INTO OUTFILE / DUMPFILE '...'
  if (kwId(i) == KwId.Into && k == Kw.Clause) {
    let id = kwId(i + 1);
    if ((id == KwId.Outfile || id == KwId.Dumpfile) && typ(i + 2) == Tok.Str) report(Level.Basic, "BW-SQL-FILE-1", i, i + 2);
    return;
  }

  // Catalogue tables read FROM: information_schema.tables, sysobjects, pg_shadow ...
  if (k == Kw.Clause && kwId(i) == KwId.From && kw(i + 1) == Kw.Schema && typ(i + 2) != Tok.End) {
    report(Level.Standard, "BW-SQL-SCHEMA-1", i, i + 1);
    return;
  }

  // A quoted value that breaks out into SQL and ends in a line comment, which
  // swallows the application's closing quote: z'or email notnull--
  if (t == Tok.End && quoted && brkSql && (fl(i) & TF.LineComment) != 0 && !brk) {
    report(Level.Standard, "BW-SQL-COMMENT-1", brkIndex, i);
    return;
  }

  if (!brk) return;

  // Only at the injection point: the first thing after the closed context.
  if (op(i) == OpClass.Cmp && (isOperand(i + 1) || typ(i + 1) == Tok.LParen)) {
    // 1'='1, '=0--, "<>"
    report(quoted ? Level.Standard : Level.Strict, "BW-SQL-TAUT-2", i, i + 1);
  } else if (t == Tok.End && (fl(i) & TF.AfterComment) != 0) {
    // admin'--  admin'#  admin'/*
    report(quoted ? Level.Standard : Level.Strict, "BW-SQL-COMMENT-1", i - 1, i);
  } else if (op(i) == OpClass.Arith && (isSqlFunc(i + 1) || (typ(i + 1) == Tok.LParen && kw(i + 2) == Kw.Select))) {
    report(Level.Standard, "BW-SQL-EXPR-1", i, i + 1);
  } else if (k == Kw.Clause) {
    let id = kwId(i);
    if ((id == KwId.Order || id == KwId.Group) && kwId(i + 1) == KwId.By && (typ(i + 2) == Tok.Num || typ(i + 2) == Tok.Word) && isTail(i + 3)) {
      report(quoted ? Level.Standard : Level.Strict, "BW-SQL-CLAUSE-1", i, i + 2);
    } else if ((id == KwId.Having || id == KwId.Limit) && isOperand(i + 1) && (isTail(i + 2) || isCmp(i + 2) || typ(i + 2) == Tok.Comma)) {
      report(quoted ? Level.Standard : Level.Strict, "BW-SQL-CLAUSE-1", i, i + 1);
    } else if (id == KwId.Procedure && typ(i + 1) == Tok.Word) {
      report(Level.Standard, "BW-SQL-CLAUSE-1", i, i + 1);
    }
  } else if (quoted && isCmp(i) && k == Kw.Expr && (isOperand(i + 1) || typ(i + 1) == Tok.LParen)) {
    // ' like '%   ' between 1 and 2   ' is null--
    report(isTail(i + 2) || isLogic(i + 2) ? Level.Standard : Level.Strict, "BW-SQL-TAUT-2", i, i + 1);
  }
}

// MSSQL extended/system procedures (xp_..., sp_...) as EXEC targets.
function isMsProc(j: i32): bool {
  if (typ(j) != Tok.Word) return false;
  let s = startOf(j);
  if (endOf(j) - s < 4) return false;
  let a = src.charCodeAt(s) | 32;
  return (a == 120 || a == 115) && src.charCodeAt(s + 1) | 32 == 112 && src.charCodeAt(s + 2) == 95;
}

// The token before a function: something that makes the call part of an expression.
function sqlBefore(j: i32): bool {
  if (j < 0) return false;
  return isLogic(j) || op(j) == OpClass.Arith || op(j) == OpClass.Cmp || kw(j) == Kw.Select || kw(j) == Kw.Expr;
}

function spacesIn(v: string, from: i32, to: i32): i32 {
  let n = 0;
  for (let i = from; i < to; i++) if (v.charCodeAt(i) == 32) n++;
  return n;
}

// One pass over the value in one context (quote 0 = bare).
function scan(value: string, quote: i32): void {
  src = value;
  lexer.reset(value, quote);
  filled = 0;
  ended = false;
  fill(LOOK);
  let start = 0;
  if (quote != 0) {
    // The payload has to close the string it starts in; otherwise it is data.
    if ((fl(0) & TF.Unclosed) != 0) return;
    start = 1;
  } else {
    let t0 = typ(0);
    if (t0 == Tok.Num || t0 == Tok.Var) start = 1;
    else if (op(0) == OpClass.Arith && typ(1) == Tok.Num && (opChar(0) == 45 || opChar(0) == 43)) start = 2; // -1 UNION ...
    else if (t0 != Tok.RParen) start = -1;
  }
  // A sentence that quotes a payload ("What does 'OR 1=1' mean?") closes no
  // application string: several words before the quote make the break an
  // ordinary position, judged by the anywhere-rules only.
  if (quote != 0 && spacesIn(value, 0, endOf(0)) >= 2) start = -1;
  let brkAt = start;
  if (start >= 0) {
    while (typ(brkAt) == Tok.RParen) { brkAt++; fill(brkAt + LOOK); }
  }
  brkIndex = brkAt;
  brkSql = brkAt >= 0 && (op(brkAt) != 0 || (typ(brkAt) == Tok.Word && kw(brkAt) != Kw.None && kw(brkAt) != Kw.Literal));
  let i = quote != 0 ? 1 : 0;
  while (true) {
    fill(i + LOOK);
    if (i >= filled) break;
    rules(i, i == brkAt, quote != 0);
    let b = best;
    if (b !== null && b.level == Level.Basic) return;
    if (typ(i) == Tok.End) break;
    i++;
  }
}

// Without whitespace, quotes, comments, parentheses or operators a value is one
// token or a dotted/hyphenated run of them (ids, numbers, e-mails, dates, UUIDs,
// tokens): no rule can fire, and most values are like that. One cheap pass.
// Also notes which quote characters occur (the quoted contexts need them).
const NEED_SCAN: i32 = 1, HAS_SINGLE: i32 = 2, HAS_DOUBLE: i32 = 4;
// Something other than plain white space (space, TAB, LF, VT, FF, CR) asked for the scan.
const NOT_ONLY_SPACE: i32 = 8;
// A "-" asks for the scan only when the next character is one too ("--").
const DASH: u8 = 16;
// The operator and punctuation characters that ask for the scan (besides
// quotes, white space, controls and "--"); sqlMayFind's signature reads them too.
const SCAN_OPERATORS = "`;()=<>|&!#*/%^~,[+";
// The survey flags of each ASCII character (DASH for "-").
const SURVEY: StaticArray<u8> = buildSurvey();
function buildSurvey(): StaticArray<u8> {
  let t = new StaticArray<u8>(128);
  for (let c = 0; c < 128; c++) {
    let f = 0;
    if (c == 32 || <u32>(c - 9) <= 4) f = NEED_SCAN;
    else if (c < 32) f = NEED_SCAN | NOT_ONLY_SPACE;
    else if (c == 39) f = NEED_SCAN | NOT_ONLY_SPACE | HAS_SINGLE;
    else if (c == 34) f = NEED_SCAN | NOT_ONLY_SPACE | HAS_DOUBLE;
    else if (c == 45) f = DASH;
    else if (SCAN_OPERATORS.includes(String.fromCharCode(c))) f = NEED_SCAN | NOT_ONLY_SPACE;
    t[c] = <u8>f;
  }
  return t;
}

function survey(v: string): i32 {
  let n = v.length;
  let p = changetype<usize>(v);
  let r = 0;
  for (let i = 0; i < n; i++) {
    let c = <u32>load<u16>(p + (<usize>i << 1));
    if (c >= 128) { if (c == 0xa0) r |= NEED_SCAN | NOT_ONLY_SPACE; continue; }
    let f = <i32>unchecked(SURVEY[c]);
    if (f == DASH) {
      if (i + 1 < n && load<u16>(p + (<usize>(i + 1) << 1)) == 45) r |= NEED_SCAN | NOT_ONLY_SPACE;
      continue;
    }
    r |= f;
  }
  return r;
}

// For sql.spec.ts, which compares the table with a case per character.
export function surveyOf(v: string): i32 { return survey(v); }

// Can detectSql report anything for a value of signature `sig`? Every finding
// path goes through survey() above, which returns "nothing to scan" unless the
// value holds whitespace (<= 32, the NUL and C0 controls included, or U+00A0,
// which the signature only knows as NonAscii), a quote, one of the operator and
// punctuation characters it lists, or "--". The signature cannot tell "--" from
// a lone "-", so "-" counts ("1--" is a finding). Letters, digits and
// . _ @ : $ ? { } ] \ alone keep the value one token run: skip.
const SQL_RUN: u64 = Cls.Space | Cls.LineSpace | Cls.Nul | Cls.Control | Cls.NonAscii | punct("'\"-" + SCAN_OPERATORS);
export function sqlMayFind(sig: u64): bool {
  return (sig & SQL_RUN) != 0;
}

// Words and numbers separated by white space and nothing else ("leather boots
// 42", most search terms and names): with no quote and no operator no rule can
// fire unless some word is an SQL keyword, because rules() anchors only on
// keywords, operators, ";" and comment ends (also at the injection point). One
// lexer pass without the rules decides; any other token runs the full scan.
function plainWords(v: string): bool {
  let quick = plainAsciiWords(v);
  if (quick == 1) return true;
  if (quick == 0) return keywordShortcut && !plainRuleCanStart();
  lexer.reset(v, 0);
  let plain = true;
  while (true) {
    let t = lexer.next();
    if (t == Tok.End) break;
    if (t == Tok.Num) continue;
    if (t == Tok.Word && lexer.kw == Kw.None && (lexer.flags & TF.Func) == 0) continue;
    plain = false;
    break;
  }
  lexer.reset("", 0);
  return plain;
}

// The most certain SQL injection finding in `value`, or null.
// For words and numbers separated by spaces with some keyword among them
// (plainAsciiWords returned 0): can rules() report anything? With no quote,
// operator, parenthesis, dot, ";" or comment in the value, every token is a
// word or a number, and rules() can only get somewhere at:
//   SELECT (the statement rule; UNION needs a SELECT after it too);
//   a logic word (OR, AND, XOR) followed, after at most a few NOTs, by an
//     operand and a comparison keyword, or right at the injection point;
//   FROM followed by a catalogue name (Kw.Schema);
//   the injection point, which for bare text is the second token when the
//     first is a number ("5 order by 3", "1 or 2"), at a logic word or a clause.
// Everything else (INTO OUTFILE and WAITFOR DELAY need a string, functions a
// "(" or a ".", stacked queries a ";") cannot start. Any of the above sends the
// value through the lexer and the rules as before.
// Off: plain words with keywords always go through the lexer and the rules
// (sql.spec.ts checks that both ways give the same findings, so an edit of
// rules() that adds a start plainRuleCanStart does not know fails there).
let keywordShortcut = true;
export function setKeywordShortcut(on: bool): void { keywordShortcut = on; }

function plainRuleCanStart(): bool {
  let c = plainClasses;
  if ((c & (<u32>1 << <u32>Kw.Select)) != 0) return true;
  if ((c & (<u32>1 << <u32>Kw.Logic)) != 0 && plainCmp) return true;
  if (plainFrom && (c & (<u32>1 << <u32>Kw.Schema)) != 0) return true;
  return plainSecond == Kw.Logic || plainSecond == Kw.Clause;
}

export function detectSql(value: string): Finding | null {
  best = null;
  if (value.length == 0) return null;
  let seen = survey(value);
  if ((seen & NEED_SCAN) == 0) return null;
  if ((seen & NOT_ONLY_SPACE) == 0 && plainWords(value)) return null;
  scan(value, 0);
  let b = best;
  if ((b === null || b.level != Level.Basic) && (seen & HAS_SINGLE) != 0) scan(value, 39);
  b = best;
  if ((b === null || b.level != Level.Basic) && (seen & HAS_DOUBLE) != 0) scan(value, 34);
  // Drop the references to the value: nothing of it outlives the call.
  src = "";
  lexer.reset("", 0);
  return best;
}
