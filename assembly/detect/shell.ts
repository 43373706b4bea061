// Command injection detector (Unix shells and Windows cmd/PowerShell).
//
// A value injects a command when it reaches a command position (after ; | &
// && || newline, inside $(...) or backticks, or at the start of a value the
// application hands to a shell) and names a command there. The command word is
// read the way the shell reads it: quotes and backslashes vanish (c'a't, c\at,
// "w"hoami), empty expansions vanish ($@, $*, ${x}), ^ vanishes for cmd
// (w^hoami), and glob patterns are matched against command names (/bin/ca?,
// /???/c?t). Such obfuscation is itself a finding: benign words never need it.
//
// Ordinary prose passes: "&" between words, "a; b" lists, "| a | b |" tables
// and paths only matter when a known command stands in a command position,
// and commands that are also English words (cat, id, time, find, type) need
// what a shell command has: a flag, an absolute path, a redirection, or the
// end of the value right after them.
//
// Linear: one pass; each command position reads a bounded window ahead.
import { Finding, Detector, Level } from "./finding";
import { ch, lower, spanStarts, isAsciiAlpha } from "./html";
import { Cls, punct } from "./charclass";

// Command lists. Strong: names that are shells, downloaders, network or recon
// tools and rarely English words. Weak: commands that are also words.
export const UNIX_STRONG: string[] = [
  "bash", "sh", "zsh", "ksh", "dash", "csh", "tcsh", "ash", "busybox", "nc", "ncat", "netcat", "socat", "telnet",
  "wget", "curl", "whoami", "uname", "ifconfig", "nslookup", "traceroute", "netstat", "python", "python2", "python3",
  "perl", "ruby", "php", "lua", "nodejs", "gcc", "chmod", "chown", "chattr", "passwd", "useradd", "usermod",
  "crontab", "nohup", "sudo", "xterm", "base64", "xxd", "strace", "ltrace", "gdb", "tcpdump", "nmap", "scp", "sftp",
  "ssh", "rsync", "tftp", "openssl", "xargs", "mkfifo", "mknod", "lsof", "getent", "sysctl", "iptables", "useradd",
  "systemctl", "killall", "pkill", "wall", "lastlog", "finger", "dmesg", "chroot", "setsid", "pkexec",
  "ifconfig", "visudo", "cpulimit", "flock", "ansible", "ansible-playbook", "htop", "aptitude", "apt-get", "yum",
  "ssh-copy-id", "ssh-keygen", "uconv", "base32", "shutdown", "reboot", "halt", "poweroff", "insmod", "rmmod",
];
export const UNIX_WEAK: string[] = [
  "cat", "tac", "head", "tail", "more", "less", "ls", "dir", "id", "echo", "printf", "env", "export", "sleep",
  "kill", "ps", "cd", "who", "w", "last", "groups", "hostname", "date", "time", "touch", "rm", "cp", "mv", "mkdir", "rmdir",
  "ln", "file", "stat", "wc", "sort", "uniq", "grep", "egrep", "fgrep", "cut", "tr", "tar", "zip", "unzip", "gzip",
  "gunzip", "bzip2", "nl", "rev", "diff", "find", "locate", "which", "whereis", "tee", "dd", "ping", "host", "ip",
  "arp", "route", "mount", "df", "du", "free", "top", "uptime", "history", "exec", "eval", "source", "nice",
  "timeout", "awk", "sed", "od", "strings", "su", "node", "java", "nl", "pwd", "set", "unset", "test",
];
export const WIN: string[] = [
  "cmd", "powershell", "pwsh", "net", "net1", "netsh", "ipconfig", "systeminfo", "tasklist", "taskkill", "reg",
  "regedit", "wmic", "certutil", "bitsadmin", "mshta", "rundll32", "regsvr32", "cscript", "wscript", "schtasks",
  "whoami", "hostname", "type", "dir", "copy", "del", "erase", "ren", "move", "attrib", "findstr", "ver", "vol",
  "tree", "xcopy", "robocopy", "nslookup", "ping", "start", "call", "set", "echo", "icacls", "cacls", "runas",
  "wevtutil", "vssadmin", "bcdedit", "msiexec", "forfiles", "qwinsta", "quser", "arp", "route", "netstat",
  "iwr", "irm", "iex", "iwmi", "saps",
];
// Weak commands that are everyday English words: "cats & dogs & more", "work; sleep"
// end a value with one. Reaching the end is no evidence for these; they need a
// flag, a path or a redirection (or a number, for sleep and ping).
const ENGLISH: string[] = [
  "cat", "head", "tail", "more", "less", "echo", "export", "sleep", "kill", "who", "w", "last", "groups", "date",
  "time", "touch", "file", "stat", "sort", "cut", "tar", "zip", "find", "locate", "which", "type", "tee", "ping",
  "host", "route", "mount", "free", "top", "history", "exec", "source", "nice", "timeout", "strings", "node", "java",
  "set", "unset", "test", "cd", "dir", "diff", "rev", "su", "ln", "cp", "mv", "tr", "nl", "od", "dd", "ip", "arp",
];

// Strong commands that are also language and tool names people list in prose
// ("java, python & php"): reaching the end is no evidence for these either.
const NAMES: string[] = ["python", "python2", "python3", "perl", "ruby", "php", "lua", "nodejs", "gcc", "ssh", "openssl", "nmap", "telnet", "finger", "wall", "yum", "ansible", "htop"];

// Windows names that are also English words: weak, like UNIX_WEAK.
const WIN_WEAK: string[] = ["type", "dir", "copy", "del", "erase", "ren", "move", "ver", "vol", "tree", "start", "call", "set", "echo", "net", "reg", "ping", "route", "arp"];

// The normalised command word (bounded; longer words are no command names).
const WORD_MAX: i32 = 48;
const word = new StaticArray<u16>(WORD_MAX);
let wordLen: i32 = 0;
let wordObfuscated: bool = false;
let wordGlob: bool = false;
let wordEnd: i32 = 0;   // index after the raw word
let wordIfs: bool = false;

let best: Finding | null = null;
let onlyFamily: i32 = 0;
function report(det: i32, level: i32, id: string, from: i32, to: i32): void {
  if (onlyFamily != 0 && det != onlyFamily) return;
  let b = best;
  if (b !== null && b.level <= <u8>level) return;
  best = new Finding(<u8>det, <u8>level, id, from, to > from ? to - from : 0);
}

@inline function isWordEnd(c: i32): bool {
  return c < 0 || c == 32 || c == 9 || c == 10 || c == 13 || c == 59 || c == 124 || c == 38 || c == 60 || c == 62 ||
    c == 40 || c == 41 || c == 96 || c == 44 || c == 125 || c == 123;
}

// ASCII characters readWord copies as they are (see the checks in its loop).
const PLAIN: StaticArray<bool> = buildPlain();
function buildPlain(): StaticArray<bool> {
  let t = new StaticArray<bool>(128);
  for (let c = 0; c < 128; c++) {
    t[c] = !isWordEnd(c) && c != 39 && c != 34 && c != 92 && c != 94 && c != 36 && c != 63 && c != 42 && c != 91;
  }
  return t;
}

// Reads the shell word at s[i..] into `word`, removing quoting and empty expansions.
function readWord(s: string, i: i32): void {
  wordLen = 0; wordObfuscated = false; wordGlob = false; wordIfs = false; keyed = false;
  let n = s.length;
  let quote = 0;
  let p = changetype<usize>(s);
  while (i < n && wordLen <= WORD_MAX) {
    let c = <i32>load<u16>(p + (<usize>i << 1));
    // Fast path: a character that neither ends the word, quotes, escapes,
    // expands nor globs is simply part of it.
    if (quote == 0 && (c >= 128 || unchecked(PLAIN[c]))) {
      if (wordLen < WORD_MAX) { unchecked(word[wordLen] = <u16>c); }
      wordLen++;
      i++;
      continue;
    }
    if (quote != 0) {
      if (c == quote) { quote = 0; i++; continue; }
      if (c == 92 && quote == 34) { i++; c = ch(s, i); }
    } else {
      if (isWordEnd(c)) break;
      if (c == 39 || c == 34) { quote = c; wordObfuscated = true; i++; continue; }
      if (c == 92) { wordObfuscated = true; i++; c = ch(s, i); if (c == 10) { i++; continue; } if (c < 0) break; }
      else if (c == 94) { wordObfuscated = true; i++; continue; } // cmd's escape: w^hoami
      else if (c == 36) {
        let d = ch(s, i + 1);
        // $@ $* $1 expand to nothing in an injected command line.
        if (d == 64 || d == 42 || (d >= 48 && d <= 57) || d == 33 || d == 63 || d == 45 || d == 95 || d == 36) {
          wordObfuscated = true; i += 2; continue;
        }
        if (d == 123) {
          // ${IFS} separates; other ${...} are treated as empty.
          if (spanStarts(s, i + 2, n, "ifs}")) { wordIfs = true; break; }
          let k = i + 2;
          while (k < n && k - i < 32 && ch(s, k) != 125) k++;
          if (ch(s, k) != 125) break;
          wordObfuscated = true;
          i = k + 1;
          continue;
        }
        if (spanStarts(s, i + 1, n, "ifs") && (i + 4 >= n || !isAsciiAlpha(ch(s, i + 4)))) { wordIfs = true; break; }
      }
    }
    if (c == 63 || c == 42 || c == 91) wordGlob = true;
    if (wordLen < WORD_MAX) { unchecked(word[wordLen] = <u16>c); }
    wordLen++;
    i++;
  }
  wordEnd = i;
}

// Start of the command name inside `word` (after the last / or \).
function baseStart(): i32 {
  let b = 0;
  let n = wordLen < WORD_MAX ? wordLen : WORD_MAX;
  for (let k = 0; k < n; k++) { let c = <i32>unchecked(word[k]); if (c == 47 || c == 92) b = k + 1; }
  return b;
}

// Glob match of word[a, e) against a command name: ? any one, * any run, [..] any one.
function globIs(a: i32, e: i32, name: string, fold: bool): bool {
  let i = a;
  let j = 0;
  let star = -1, mark = 0;
  let m = name.length;
  while (i < e || j < m) {
    if (i < e) {
      let c = <i32>unchecked(word[i]);
      if (fold) c = lower(c);
      if (c == 42 && wordGlob) { star = i; mark = j; i++; continue; }
      if (j < m) {
        let nc = <i32>name.charCodeAt(j);
        if (c == nc || (c == 63 && wordGlob)) { i++; j++; continue; }
        if (c == 91 && wordGlob) {
          let k = i + 1;
          let hit = false;
          while (k < e && <i32>unchecked(word[k]) != 93) { if (<i32>unchecked(word[k]) == nc) hit = true; k++; }
          if (k < e && hit) { i = k + 1; j++; continue; }
        }
      }
    }
    if (star >= 0 && mark < m) { i = star + 1; mark++; j = mark; continue; }
    return false;
  }
  return true;
}

// Command names by FNV-1a hash of their spelling (all lists are lowercase): one
// open-addressing table for the three lists maps a hash to the first index of
// that spelling in each (+1, 0 = absent), packed strong | weak << 8 | win << 16.
// A word is hashed once (exact and case-folded) however many lists ask about it.
const FNV_OFFSET: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;
const CMD_SLOTS: i32 = 512;
const cmdKeys = new StaticArray<u64>(CMD_SLOTS);
const cmdVals = new StaticArray<u32>(CMD_SLOTS);
function indexList(list: string[], shift: u32): void {
  for (let k = 0; k < list.length; k++) {
    let w = list[k];
    let h = FNV_OFFSET;
    for (let j = 0; j < w.length; j++) h = (h ^ <u64>w.charCodeAt(j)) * FNV_PRIME;
    let slot = <i32>(h >> 55) & (CMD_SLOTS - 1);
    while (cmdKeys[slot] != 0 && cmdKeys[slot] != h) slot = (slot + 1) & (CMD_SLOTS - 1);
    cmdKeys[slot] = h;
    if (((cmdVals[slot] >> shift) & 0xff) == 0) cmdVals[slot] |= <u32>(k + 1) << shift;
  }
}
indexList(UNIX_STRONG, 0);
indexList(UNIX_WEAK, 8);
indexList(WIN, 16);
function cmdSlot(h: u64): u32 {
  let slot = <i32>(h >> 55) & (CMD_SLOTS - 1);
  while (true) {
    let key = unchecked(cmdKeys[slot]);
    if (key == h) return unchecked(cmdVals[slot]);
    if (key == 0) return 0;
    slot = (slot + 1) & (CMD_SLOTS - 1);
  }
  return 0;
}

// Per word (reset by readWord): where the name starts, where the Windows name
// ends (foo.exe is foo) and the packed list indexes of its exact and folded spelling.
let keyed: bool = false;
let keyBase: i32 = 0;
let keyFoldEnd: i32 = 0;
let keyExact: u32 = 0;
let keyFold: u32 = 0;
function keyWord(): void {
  keyed = true;
  let a = baseStart();
  let e = wordLen;
  let ef = e;
  if (e - a > 4 && lower(<i32>unchecked(word[e - 4])) == 46 && lower(<i32>unchecked(word[e - 3])) == 101 &&
      lower(<i32>unchecked(word[e - 2])) == 120 && lower(<i32>unchecked(word[e - 1])) == 101) ef -= 4;
  keyBase = a;
  keyFoldEnd = ef;
  keyExact = 0;
  keyFold = 0;
  if (wordGlob) return;
  let he = FNV_OFFSET, hf = FNV_OFFSET;
  for (let k = a; k < e; k++) {
    let c = <i32>unchecked(word[k]);
    he = (he ^ <u64>c) * FNV_PRIME;
    if (k < ef) hf = (hf ^ <u64>lower(c)) * FNV_PRIME;
  }
  if (e > a && e - a <= 24) keyExact = cmdSlot(he);
  if (ef > a && ef - a <= 24) keyFold = he == hf && ef == e ? keyExact : cmdSlot(hf);
}

// The first two letters of every command name (lower case; 0 for a name of
// one letter), as bits of a 128 × 128 table. Most words of ordinary values
// start with a pair no name has, and the lookups below are then sure to miss.
const PAIRS: StaticArray<u32> = buildPairs();
function buildPairs(): StaticArray<u32> {
  let t = new StaticArray<u32>(128 * 128 / 32);
  let lists = [UNIX_STRONG, UNIX_WEAK, WIN];
  for (let l = 0; l < lists.length; l++) {
    let list = lists[l];
    for (let k = 0; k < list.length; k++) {
      let name = list[k];
      let key = (name.charCodeAt(0) << 7) | (name.length > 1 ? name.charCodeAt(1) : 0);
      t[key >> 5] |= <u32>1 << (key & 31);
    }
  }
  return t;
}

// False when no lookup of the word just read can match a command name: not a
// glob, ASCII, and its first two letters (after the last / or \, lower case;
// 0 when the exact or the ".exe"-stripped name is one letter) are no name's.
function mayBeCommand(): bool {
  if (wordGlob || wordLen > WORD_MAX) return true;
  let a = baseStart();
  let n = wordLen - a;
  if (n <= 0) return false;
  let c0 = lower(<i32>unchecked(word[a]));
  if (c0 >= 128) return true;
  let c1 = n > 1 ? lower(<i32>unchecked(word[a + 1])) : 0;
  if (c1 >= 128) return true;
  if (pairIn(c0, c1)) return true;
  // lookup(list, true) drops a trailing ".exe": "w.exe" is looked up as "w"
  return n == 5 && pairIn(c0, 0);
}

// @ts-ignore: decorator
// Each list's indices grouped by the name's first character (ASCII; names are
// lower case), in list order within a group: a glob pattern whose first unit
// is a literal tries only the names starting with it.
class ByFirst {
  order: StaticArray<i32>;
  // order[from[c] .. from[c + 1]) are the names starting with character c.
  from: StaticArray<i32>;
  constructor(list: string[]) {
    let order = new StaticArray<i32>(list.length);
    let from = new StaticArray<i32>(129);
    let at = 0;
    for (let c = 0; c < 128; c++) {
      from[c] = at;
      for (let k = 0; k < list.length; k++) if (<i32>list[k].charCodeAt(0) == c) order[at++] = k;
    }
    from[128] = at;
    this.order = order;
    this.from = from;
  }
}
const BY_FIRST_STRONG = new ByFirst(UNIX_STRONG);
const BY_FIRST_WEAK = new ByFirst(UNIX_WEAK);
const BY_FIRST_WIN = new ByFirst(WIN);

// Off: glob words try every name with globIs (shell.spec.ts checks that the
// narrowing by length and first letter finds the same names).
let globNarrowing = true;
export function setGlobNarrowing(on: bool): void { globNarrowing = on; }

// The longest command name of the three lists.
const NAME_MAX: i32 = longestName();
function longestName(): i32 {
  let m = 0;
  let lists = [UNIX_STRONG, UNIX_WEAK, WIN];
  for (let l = 0; l < lists.length; l++) for (let k = 0; k < lists[l].length; k++) m = max(m, lists[l][k].length);
  return m;
}

@inline function pairIn(c0: i32, c1: i32): bool {
  let key = (c0 << 7) | c1;
  return (unchecked(PAIRS[key >> 5]) & (<u32>1 << (key & 31))) != 0;
}

// Returns the list index of the matching command name, or -1.
function lookup(list: string[], fold: bool): i32 {
  if (wordLen == 0 || wordLen > WORD_MAX) return -1;
  if (!keyed) keyWord();
  let a = keyBase;
  let e = fold ? keyFoldEnd : wordLen;
  if (e <= a) return -1;
  if (wordGlob) {
    // A pattern needs two literal characters to name a command (/bin/ca?, /???/c?t);
    // "?" or "*" alone would match every one-letter name.
    let lit = 0;
    for (let k = a; k < e; k++) { let c = <i32>unchecked(word[k]); if (c != 63 && c != 42 && c != 91 && c != 93) lit++; }
    if (lit < 2) return -1;
    // Most words with "?" are URLs with a query, not patterns: narrow the names
    // globIs must try with what it would find anyway. Without "*" a pattern
    // matches only names of exactly its number of units ("?", one character,
    // and "[...]" each match one); a literal first unit must be the name's first letter.
    let units = 0;
    let star = false;
    for (let k = a; k < e; k++) {
      let c = <i32>unchecked(word[k]);
      if (c == 42) { star = true; break; }
      if (c == 91) {
        let close = k + 1;
        while (close < e && <i32>unchecked(word[close]) != 93) close++;
        // An unclosed "[" matches no character: globIs fails when it gets there.
        if (close >= e) return -1;
        k = close;
      }
      units++;
    }
    if (!star && units > NAME_MAX && globNarrowing) return -1;
    let c0 = <i32>unchecked(word[a]);
    if (c0 == 63 || c0 == 42 || c0 == 91 || !globNarrowing) {
      for (let k = 0; k < list.length; k++) {
        let name = unchecked(list[k]);
        if (!star && name.length != units && globNarrowing) continue;
        if (globIs(a, e, name, fold)) return k;
      }
      return -1;
    }
    let first = fold ? lower(c0) : c0;
    if (first >= 128) return -1;
    let by = list === UNIX_STRONG ? BY_FIRST_STRONG : list === UNIX_WEAK ? BY_FIRST_WEAK : BY_FIRST_WIN;
    for (let q = unchecked(by.from[first]), end = unchecked(by.from[first + 1]); q < end; q++) {
      let k = unchecked(by.order[q]);
      let name = unchecked(list[k]);
      if (!star && name.length != units) continue;
      if (globIs(a, e, name, fold)) return k;
    }
    return -1;
  } else {
    if (e - a > 24) return -1;
    let shift: u32 = list === UNIX_STRONG ? 0 : list === UNIX_WEAK ? 8 : 16;
    let k = <i32>(((fold ? keyFold : keyExact) >> shift) & 0xff) - 1;
    if (k < 0) return -1;
    // Confirm the spelling (a hash match alone could be a collision).
    return globIs(a, e, unchecked(list[k]), fold) ? k : -1;
  }
  return -1;
}

function inList(list: string[], name: string): bool {
  for (let k = 0; k < list.length; k++) if (unchecked(list[k]) == name) return true;
  return false;
}

// What follows the command word, up to ARGS_MAX units or the next separator.
const ARGS_MAX: i32 = 256;
const A_FLAG: i32 = 1, A_PATH: i32 = 2, A_URL: i32 = 4, A_REDIR: i32 = 8, A_END: i32 = 16, A_SENSITIVE: i32 = 32,
  A_REVERSE: i32 = 64, A_WINFLAG: i32 = 128, A_WORD: i32 = 256, A_CRITICAL: i32 = 512, A_SEPEND: i32 = 1024,
  A_NUM: i32 = 2048, A_WINPATH: i32 = 4096;
let argsEnd: i32 = 0;
function args(s: string, i: i32): i32 {
  let f = 0;
  let n = s.length;
  let lim = i + ARGS_MAX < n ? i + ARGS_MAX : n;
  let first = true;
  while (i < lim) {
    let c = ch(s, i);
    if (c == 32 || c == 9 || c == 39 || c == 34) { i++; continue; }
    if (c == 59 || c == 124 || c == 10 || c == 13 || c == 96 || c == 41) break;
    if (c == 38) { if (ch(s, i + 1) == 62) { f |= A_REDIR; i += 2; continue; } break; }
    if (c == 36 && (spanStarts(s, i + 1, n, "{ifs}") || spanStarts(s, i + 1, n, "ifs"))) { i += ch(s, i + 1) == 123 ? 6 : 4; continue; }
    if (c == 60 || c == 62) { f |= A_REDIR; i++; continue; }
    // One argument.
    let a = i;
    while (i < lim) { let d = ch(s, i); if (d == 32 || d == 9 || d == 59 || d == 124 || d == 38 || d == 10 || d == 96 || d == 60 || d == 62) break; i++; }
    let d0 = ch(s, a);
    let d1 = ch(s, a + 1);
    if (d0 == 45 && (isAsciiAlpha(d1) || d1 == 45)) {
      f |= A_FLAG;
      if ((d1 == 101 || d1 == 105 || d1 == 99) && i - a == 2) f |= A_REVERSE; // -e -i -c: nc -e, bash -i, sh -c
    } else if (d0 == 47 && isAsciiAlpha(d1) && i - a == 2) {
      f |= A_WINFLAG; // cmd /c, dir /s
    } else if ((d0 == 47 && (isAsciiAlpha(d1) || d1 == 63 || d1 == 42 || d1 == 46)) || d0 == 126 ||
               (d0 == 46 && (d1 == 46 || d1 == 47)) || (isAsciiAlpha(d0) && d1 == 58 && ch(s, a + 2) == 92) ||
               d0 == 37 || d0 == 92) {
      f |= A_PATH;
      if (d0 == 37 || d0 == 92 || d1 == 58) f |= A_WINPATH;
      if (spanStarts(s, a, i, "/etc/") || spanStarts(s, a, i, "/bin/") || spanStarts(s, a, i, "/dev/tcp") ||
          spanStarts(s, a, i, "/dev/udp") || spanStarts(s, a, i, "/proc/") || spanStarts(s, a, i, "/tmp/") ||
          spanStarts(s, a, i, "/var/") || spanStarts(s, a, i, "/root") || spanStarts(s, a, i, "/home/") ||
          spanStarts(s, a, i, "/usr/") || spanStarts(s, a, i, "%") || spanStarts(s, a, i, "c:\\")) f |= A_SENSITIVE;
      if (spanStarts(s, a, i, "/etc/") || spanStarts(s, a, i, "/bin/") || spanStarts(s, a, i, "/dev/tcp") ||
          spanStarts(s, a, i, "/dev/udp") || spanStarts(s, a, i, "/proc/self") || spanStarts(s, a, i, "/root/") ||
          spanStarts(s, a, i, "/sbin/")) f |= A_CRITICAL;
    } else {
      let url = false;
      for (let k = a; k + 2 < i; k++) if (ch(s, k) == 58 && ch(s, k + 1) == 47 && ch(s, k + 2) == 47) { url = true; break; }
      if (url) f |= A_URL;
      else {
        // host:port and dotted addresses (nc 10.0.0.1 4444) count like URLs.
        let digitsDots = 0;
        for (let k = a; k < i; k++) { let e = ch(s, k); if (e == 46 || (e >= 48 && e <= 57)) digitsDots++; }
        if (digitsDots == i - a && i - a >= 7) f |= A_URL;
        else if (first && digitsDots == i - a) f |= A_NUM;
        else if (first) f |= A_WORD;
      }
    }
    first = false;
  }
  let j = i;
  while (j < n && (ch(s, j) == 32 || ch(s, j) == 9 || ch(s, j) == 39 || ch(s, j) == 34)) j++;
  if (j >= n) f |= A_END;
  // Nothing but a separator follows (;id; or &&id&): a complete command. A pipe
  // after it is not enough: "| id | name |" is a table row.
  if (f == 0 && ch(s, j) != 124) f |= A_END | (j < n ? A_SEPEND : 0);
  argsEnd = i;
  return f;
}

// Set per value: multi-line text, where "| wc -l" is more likely a pasted snippet.
let multiline: bool = false;

let depth: i32 = 0;

const WRAPPERS: string[] = ["time", "nohup", "strace", "ltrace", "sudo", "env", "nice", "timeout", "xargs", "exec", "setsid", "busybox", "cpulimit", "flock", "watch", "stdbuf", "chroot"];
// Membership of each list entry in the small lists above, computed once.
function flags(list: string[], set: string[]): StaticArray<bool> {
  let t = new StaticArray<bool>(list.length);
  for (let k = 0; k < list.length; k++) t[k] = inList(set, list[k]);
  return t;
}
const STRONG_WRAPPER = flags(UNIX_STRONG, WRAPPERS);
const WEAK_WRAPPER = flags(UNIX_WEAK, WRAPPERS);
const STRONG_NAMED = flags(UNIX_STRONG, NAMES);
const WEAK_ENGLISH = flags(UNIX_WEAK, ENGLISH);
const WIN_IS_WEAK = flags(WIN, WIN_WEAK);

// The command word names a file in a binaries directory: /bin/cat, /usr/bin/id.
function binDir(): bool {
  let b = baseStart();
  if (b < 5) return false;
  let n = b;
  // ".../bin/" or ".../sbin/"
  return <i32>unchecked(word[n - 1]) == 47 && <i32>unchecked(word[n - 2]) == 110 && <i32>unchecked(word[n - 3]) == 105 && <i32>unchecked(word[n - 4]) == 98;
}

// Position kinds.
const P_START: i32 = 0, P_SEP: i32 = 1, P_SUBST: i32 = 2, P_BACKTICK: i32 = 3;

// Judges the command at s[i..] in a command position of kind `pos`.
function command(s: string, i: i32, pos: i32, sepAt: i32): void {
  let n = s.length;
  while (i < n && (ch(s, i) == 32 || ch(s, i) == 9)) i++;
  if (i >= n) return;
  // $x cat ... and ${x} cat ...: an unset variable in front of the command.
  if (depth == 0 && ch(s, i) == 36) {
    let k = i + 1;
    if (ch(s, k) == 123) { k++; while (k < n && k - i < 32 && ch(s, k) != 125) k++; k++; }
    else while (k < n && (isAsciiAlpha(ch(s, k)) || ch(s, k) == 95)) k++;
    if (spanStarts(s, i, n, "$shell") || spanStarts(s, i, n, "${shell}")) {
      report(Detector.UnixCmd, Level.Standard, "BW-UNIX-CMD-1", sepAt >= 0 ? sepAt : i, k);
      return;
    }
    if (k > i + 1 && (ch(s, k) == 32 || ch(s, k) == 9)) {
      let before = best;
      depth++;
      command(s, k, pos == P_START ? P_SEP : pos, sepAt >= 0 ? sepAt : i);
      depth--;
      let b = best;
      if (b !== before && b !== null && <i32>b.level > Level.Standard) b.level = <u8>Level.Standard;
      return;
    }
  }
  readWord(s, i);
  if (wordLen == 0) return;
  if (!mayBeCommand()) return;
  let e = wordEnd;
  let from = sepAt >= 0 ? sepAt : i;
  let u = lookup(UNIX_STRONG, false);
  let uw = u < 0 ? lookup(UNIX_WEAK, false) : -1;
  let w = u < 0 && uw < 0 ? lookup(WIN, true) : -1;
  if (u < 0 && uw < 0 && w < 0) return;
  let wordInBin = binDir();
  if (depth == 0 && (u >= 0 || uw >= 0) && (u >= 0 ? unchecked(STRONG_WRAPPER[u]) : unchecked(WEAK_WRAPPER[uw]))) {
    // time ifconfig, nohup id, strace whoami, sudo cat ...: judge the wrapped command.
    let before = best;
    depth++;
    command(s, e, pos == P_START ? P_SEP : pos, from);
    depth--;
    if (best !== before) return;
    readWord(s, i);
  }
  let a = args(s, e);
  // dir, type, echo ... exist on both: Windows when the arguments are (C:\, %VAR%, /s).
  let det = w >= 0 || ((a & (A_WINPATH | A_WINFLAG)) != 0 && lookup(WIN, true) >= 0) ? Detector.WinCmd : Detector.UnixCmd;
  let strong = u >= 0 || (w >= 0 && !unchecked(WIN_IS_WEAK[w]));
  let shellish = (a & (A_FLAG | A_PATH | A_REDIR | A_END | A_URL | A_WINFLAG)) != 0;
  let dangerous = (a & (A_SENSITIVE | A_REVERSE)) != 0 || (a & A_URL) != 0 && strong;
  let id = det == Detector.WinCmd ? "BW-WIN-CMD-1" : "BW-UNIX-CMD-1";
  let lvl = 0;
  if (pos == P_START) {
    // The whole value is a command line: only the unmistakable ones at Standard.
    // A pasted "curl https://..." is a command line but no injection: at the start
    // of a value only sensitive paths and shell flags count as dangerous.
    if (wordObfuscated || wordIfs) lvl = Level.Standard;
    else if (strong && (a & (A_SENSITIVE | A_REVERSE)) != 0) lvl = Level.Standard;
    else if ((a & A_CRITICAL) != 0 || (wordInBin && (a & (A_FLAG | A_PATH)) != 0)) lvl = Level.Standard;
    else if (strong && (a & A_SEPEND) != 0) lvl = Level.Standard; // ifconfig; ...
    else if ((strong && (a & (A_FLAG | A_PATH | A_URL | A_REDIR | A_WINFLAG)) != 0) || (!strong && (a & (A_FLAG | A_PATH)) != 0 && (a & A_WORD) == 0)) lvl = Level.Strict;
  } else if (pos == P_BACKTICK) {
    // `...` is also markdown's inline code: keep it to certain shapes.
    if (wordObfuscated || wordIfs || (strong && dangerous)) lvl = Level.Standard;
    else if (strong || shellish) lvl = Level.Strict;
  } else {
    if (strong && dangerous) lvl = Level.Basic;
    else if ((a & A_SENSITIVE) != 0) lvl = multiline && !wordObfuscated ? Level.Standard : Level.Basic;
    else if (wordObfuscated || wordIfs) lvl = Level.Standard;
    else if (strong && (a & A_WORD) == 0) {
      let named = u >= 0 && unchecked(STRONG_NAMED[u]);
      lvl = named && (a & (A_FLAG | A_PATH | A_REDIR | A_URL)) == 0 ? Level.Strict : Level.Standard;
    }
    else if (strong) lvl = pos == P_SUBST ? Level.Standard : Level.Strict;
    else if ((a & A_NUM) != 0 && uw >= 0 && (unchecked(UNIX_WEAK[uw]) == "sleep" || unchecked(UNIX_WEAK[uw]) == "ping")) {
      lvl = multiline ? Level.Strict : Level.Standard; // ; sleep 5
    } else if (shellish && (a & A_WORD) == 0) {
      let english = uw >= 0 && unchecked(WEAK_ENGLISH[uw]) || w >= 0;
      let args = (a & (A_FLAG | A_PATH | A_REDIR | A_URL | A_WINFLAG)) != 0;
      lvl = multiline || (english && !args) ? Level.Strict : Level.Standard;
    }
    else if (pos == P_SUBST) lvl = Level.Standard;
  }
  if (lvl != 0) report(det, lvl, id, from, argsEnd > e ? argsEnd : e);
}

// PowerShell and cmd shapes that are findings wherever they stand.
function windowsShapes(s: string, i: i32): void {
  let n = s.length;
  let c = lower(ch(s, i));
  if (c == 37) { // %COMSPEC% %SystemRoot% %windir%
    if (spanStarts(s, i, n, "%comspec%") || spanStarts(s, i, n, "%systemroot%") || spanStarts(s, i, n, "%windir%") ||
        spanStarts(s, i, n, "%systemdrive%") || spanStarts(s, i, n, "%programfiles%")) report(Detector.WinCmd, Level.Standard, "BW-WIN-ENV-1", i, i + 9);
    return;
  }
  if (i > 0 && (isAsciiAlpha(ch(s, i - 1)) || ch(s, i - 1) == 45)) return;
  // Every shape below needs its second letter: most words stop here.
  let d = lower(ch(s, i + 1));
  if (c == 105) { // iex( invoke-expression invoke-webrequest
    if ((d == 101 || d == 110) && (spanStarts(s, i, n, "iex(") || spanStarts(s, i, n, "iex (") || spanStarts(s, i, n, "invoke-expression") ||
        spanStarts(s, i, n, "invoke-webrequest") || spanStarts(s, i, n, "invoke-restmethod") || spanStarts(s, i, n, "invoke-command"))) {
      report(Detector.WinCmd, Level.Standard, "BW-WIN-PS-1", i, i + 4);
    }
  } else if (c == 100) {
    if (d == 111 && (spanStarts(s, i, n, "downloadstring(") || spanStarts(s, i, n, "downloadfile("))) report(Detector.WinCmd, Level.Standard, "BW-WIN-PS-1", i, i + 14);
  } else if (c == 110) {
    if (d == 101 && (spanStarts(s, i, n, "net.webclient") || spanStarts(s, i, n, "new-object"))) report(Detector.WinCmd, Level.Strict, "BW-WIN-PS-1", i, i + 10);
  } else if (c == 115) {
    if (d == 116 && spanStarts(s, i, n, "start-process")) report(Detector.WinCmd, Level.Standard, "BW-WIN-PS-1", i, i + 13);
  } else if (c == 112 && (d == 111 || d == 119) && (spanStarts(s, i, n, "powershell") || spanStarts(s, i, n, "pwsh"))) {
    // powershell -enc / -EncodedCommand / -nop / -w hidden / -c
    let k = i + (lower(ch(s, i + 1)) == 111 ? 10 : 4);
    if (spanStarts(s, k, n, ".exe")) k += 4;
    let lim = k + 64 < n ? k + 64 : n;
    for (let j = k; j < lim; j++) {
      if (ch(s, j) == 45 || ch(s, j) == 47) {
        if (spanStarts(s, j + 1, n, "e") || spanStarts(s, j + 1, n, "nop") || spanStarts(s, j + 1, n, "w") ||
            spanStarts(s, j + 1, n, "c") || spanStarts(s, j + 1, n, "ex")) {
          report(Detector.WinCmd, Level.Standard, "BW-WIN-PS-1", i, j + 2);
          return;
        }
      }
    }
  }
}

// Characters the scan loop of detectShell acts on: 1 separators, substitutions,
// braces, "$", "(", "/" and "%"; 2 the letters windowsShapes starts on.
const INTEREST: StaticArray<u8> = buildInterest();
function buildInterest(): StaticArray<u8> {
  let t = new StaticArray<u8>(128);
  let marks = ";\n\r`|&$<>{(/%";
  for (let k = 0; k < marks.length; k++) t[marks.charCodeAt(k)] = 1;
  let letters = "idnspIDNSP";
  for (let k = 0; k < letters.length; k++) t[letters.charCodeAt(k)] = 2;
  return t;
}
// windowsShapes returns at once for a letter after a letter or "-".
@inline function isAfterWordChar(s: string, i: i32): bool {
  let d = ch(s, i - 1);
  return isAsciiAlpha(d) || d == 45;
}

// f(){ f|f& };f  — a function that pipes into itself in the background.
function forkBomb(s: string, paren: i32): bool {
  // The name before "()" ...
  let a = paren;
  while (a > 0 && paren - a < 32) { let c = ch(s, a - 1); if (c == 32 || c == 59 || c == 10 || c == 38 || c == 124) break; a--; }
  let len = paren - a;
  if (len == 0) return false;
  let k = paren + 2;
  while (ch(s, k) == 32) k++;
  if (ch(s, k) != 123) return false;
  k++;
  while (ch(s, k) == 32) k++;
  // ... is called first thing in the body, and the body pipes or backgrounds.
  for (let j = 0; j < len; j++) if (ch(s, k + j) != ch(s, a + j)) return false;
  let lim = k + 64 < s.length ? k + 64 : s.length;
  let pipe = false, bg = false;
  for (let j = k + len; j < lim; j++) { let c = ch(s, j); if (c == 124) pipe = true; else if (c == 38) bg = true; else if (c == 125) break; }
  return pipe || bg;
}

// Can detectShell (either family) report anything for a value of signature
// `sig`? Without whitespace, separators (; | & ` newline), redirections (< >),
// parentheses, quoting (' " \ ^ $) or "%", a value is a single shell word: the
// whole-value command line is one word with no arguments (no level fires for a
// bare command name, "whoami"), and no command position follows. What is left:
//   "-" "." "/" with a letter: windowsShapes (invoke-expression, new-object,
//       net.webclient, powershell /c) and /dev/tcp/;
//   "/" with a glob character (? * [): brace expansion {????64,/x} and
//       "*64,://" name a command (base64) with digits alone.
// "," "{" "}" end a word too, but the argument after them starts with that
// character, so it is never a flag, a path or a bare number; a URL argument
// needs "/". "_ @ : = + # ! ~ ] ? * [" and digits alone are inert.
const SHELL_ALWAYS: u64 = Cls.Space | Cls.LineSpace | punct(";|&`$()<>'\"\\^%");
const SHELL_LETTER: u64 = punct("-./");
const SHELL_GLOB: u64 = punct("?*[");
const SHELL_SLASH: u64 = punct("/");
export function shellMayFind(sig: u64): bool {
  if ((sig & SHELL_ALWAYS) != 0) return true;
  if ((sig & Cls.Letter) != 0 && (sig & SHELL_LETTER) != 0) return true;
  return (sig & SHELL_GLOB) != 0 && (sig & SHELL_SLASH) != 0;
}

// Characters of plain tokens (SKUs, order ids, names, e-mail addresses,
// versions): 1 a character readWord copies as it is and the scan loop of
// detectShell skips (no separator, quote, escape, expansion, glob, "/" or
// "%"); 2 a letter windowsShapes starts on at a word start (i d n s p); 3 space.
const TOKEN: StaticArray<u8> = buildToken();
function buildToken(): StaticArray<u8> {
  let t = new StaticArray<u8>(128);
  let marks = "-._@:+=#!~";
  for (let k = 0; k < marks.length; k++) t[marks.charCodeAt(k)] = 1;
  for (let c = 48; c <= 57; c++) t[c] = 1;
  for (let c = 65; c <= 90; c++) { t[c] = 1; t[c | 32] = 1; }
  let letters = "idnspIDNSP";
  for (let k = 0; k < letters.length; k++) t[letters.charCodeAt(k)] = 2;
  t[32] = 3;
  return t;
}

// Off: every value takes the full scan (specs compare both ways).
let tokenShortcut = true;
export function setTokenShortcut(on: bool): void { tokenShortcut = on; }

// True when detectShell is sure to find nothing in `s`, a value of TOKEN
// characters only. The scan loop skips every TOKEN character but the letters
// windowsShapes starts on at a word start; of its shapes, iex( and
// download...( need a "(" no token holds, and tokenShape looks for the others.
// The command position at the start reads the first word (up to the first
// space: readWord copies it unchanged, without "/" or "\\") and looks no
// further when it names no command. False means "run the detector", never "clean".
function tokenIsClean(s: string): bool {
  let p = changetype<usize>(s);
  let n = s.length;
  let a = 0;
  while (a < n && load<u16>(p + (<usize>a << 1)) == 32) a++;
  let e = -1;
  for (let i = a; i < n; i++) {
    let c = <u32>load<u16>(p + (<usize>i << 1));
    if (c >= 128) return false;
    let k = unchecked(TOKEN[c]);
    if (k == 1) continue;
    if (k == 0) return false;
    if (k == 3) { if (e < 0) e = i; continue; }
    if (i > 0) {
      let b = <i32>load<u16>(p + (<usize>(i - 1) << 1));
      if (isAsciiAlpha(b) || b == 45) continue;
    }
    if (tokenShape(<i32>c | 32, s, i, n)) return false;
  }
  if (e < 0) e = n;
  let len = e - a;
  if (len > WORD_MAX) return false;
  if (len == 0) return true;
  let c0 = lower(<i32>load<u16>(p + (<usize>a << 1)));
  let c1 = len > 1 ? lower(<i32>load<u16>(p + (<usize>(a + 1) << 1))) : 0;
  if (!pairIn(c0, c1) && !(len == 5 && pairIn(c0, 0))) return true;
  // The lookups command() makes at the start (road, shoes and trail share their first letters with commands).
  readWord(s, a);
  return lookup(UNIX_STRONG, false) < 0 && lookup(UNIX_WEAK, false) < 0 && lookup(WIN, true) < 0;
}

// Can a windowsShapes shape start at s[i] (lower-case letter l) in a token?
function tokenShape(l: i32, s: string, i: i32, n: i32): bool {
  if (l == 105) return spanStarts(s, i, n, "invoke-");
  if (l == 110) return spanStarts(s, i, n, "net.webclient") || spanStarts(s, i, n, "new-object");
  if (l == 115) return spanStarts(s, i, n, "start-process");
  if (l == 112) { let d = lower(ch(s, i + 1)); return d == 111 || d == 119; }
  return false; // d: downloadstring( and downloadfile( need "("
}

function lettersDigitsSpaces(s: string): bool {
  let p = changetype<usize>(s);
  for (let i = 0, n = s.length; i < n; i++) {
    let c = <u32>load<u16>(p + (<usize>i << 1));
    if (c != 32 && <u32>((c | 32) - 97) >= 26 && <u32>(c - 48) >= 10) return false;
  }
  return true;
}

// The most certain command injection finding in `value`, or null. With
// `family` (Detector.UnixCmd or Detector.WinCmd) only findings of that family
// count, so a UNIXCMD rule is not hidden by a more certain Windows finding.
export function detectShell(value: string, family: i32 = 0): Finding | null {
  best = null;
  onlyFamily = family;
  let s = value;
  let n = s.length;
  if (n < 2) return null;
  if (tokenShortcut && tokenIsClean(s)) return null;
  multiline = false;
  depth = 0;
  // The value as a whole command line.
  let i0 = 0;
  while (i0 < n && ch(s, i0) == 32) i0++;
  command(s, i0, P_START, -1);
  // Text of ASCII letters, digits and spaces (names, search terms) has no
  // separator, substitution or newline, and every shape windowsShapes knows
  // needs "(", "-", ".", "/" or "%": the whole command line was all there was.
  if (lettersDigitsSpaces(s)) return best;
  // A newline ends a command, but in multi-line text (comments, markdown, code,
  // GraphQL documents) every line starts with some word: there a line counts
  // only as a whole command line, like the start of the value.
  let lines = 0;
  let p = changetype<usize>(s);
  for (let k = 0; k < n && lines < 2; k++) if (load<u16>(p + (<usize>k << 1)) == 10) lines++;
  let newlinePos = lines <= 1 ? P_SEP : P_START;
  multiline = lines > 1;
  let i = 0;
  while (i < n) {
    let c = <i32>load<u16>(p + (<usize>i << 1));
    // Most characters start nothing: skip them without the branch chain below.
    // A letter matters only where windowsShapes would look at it (a word start).
    let interest = c < 128 ? <i32>unchecked(INTEREST[c]) : 0;
    if (interest == 0 || (interest == 2 && i > 0 && isAfterWordChar(s, i))) { i++; continue; }
    let pos = -1;
    let next = i + 1;
    if (c == 59) pos = P_SEP;                                         // ;
    else if (c == 10 || c == 13) pos = newlinePos;                    // newline
    else if (c == 96 && ch(s, i + 1) == 96 && ch(s, i + 2) == 96) {   // ``` markdown fence
      next = i + 3;
      while (ch(s, next) == 96) next++;
    }
    else if (c == 124) { pos = P_SEP; if (ch(s, i + 1) == 124) next++; } // | ||
    else if (c == 38) { pos = P_SEP; if (ch(s, i + 1) == 38) next++; }   // & &&
    else if (c == 96) pos = i > 0 && (ch(s, i - 1) == 59 || ch(s, i - 1) == 124 || ch(s, i - 1) == 38 || ch(s, i - 1) == 61) ? P_SUBST : P_BACKTICK;
    else if (c == 36 && ch(s, i + 1) == 40 && ch(s, i + 2) != 40) { pos = P_SUBST; next = i + 2; } // $( but not $((
    else if ((c == 60 || c == 62) && ch(s, i + 1) == 40) { pos = P_SUBST; next = i + 2; }       // <( >(
    else if (c == 123) {
      // {cat,/etc/passwd}: brace expansion runs a command without spaces.
      let k = i + 1;
      while (k < n && k - i < 64 && ch(s, k) != 44 && ch(s, k) != 125 && ch(s, k) != 32) k++;
      if (ch(s, k) == 44) {
        readWord(s, i + 1);
        if (wordEnd == k && (lookup(UNIX_STRONG, false) >= 0 || lookup(UNIX_WEAK, false) >= 0) && ch(s, k + 1) == 47) {
          report(Detector.UnixCmd, Level.Standard, "BW-UNIX-BRACE-1", i, k + 1);
        }
      }
    } else if (c == 36 && (spanStarts(s, i + 1, n, "{ifs}") || (spanStarts(s, i + 1, n, "ifs") && !isAsciiAlpha(ch(s, i + 4))))) {
      report(Detector.UnixCmd, Level.Standard, "BW-UNIX-IFS-1", i, i + (ch(s, i + 1) == 123 ? 6 : 4));
    } else if (c == 40 && ch(s, i + 1) == 41 && forkBomb(s, i)) {
      report(Detector.UnixCmd, Level.Standard, "BW-UNIX-FORKBOMB-1", i, i + 3);
    } else if (c == 47 && lower(ch(s, i + 1)) == 100 && (spanStarts(s, i, n, "/dev/tcp/") || spanStarts(s, i, n, "/dev/udp/"))) {
      report(Detector.UnixCmd, Level.Basic, "BW-UNIX-REVSHELL-1", i, i + 9);
    } else {
      let lc = lower(c);
      if (lc == 37 || lc == 105 || lc == 100 || lc == 110 || lc == 115 || lc == 112) windowsShapes(s, i);
    }
    if (pos >= 0) {
      command(s, next, pos, pos == P_START ? -1 : i);
      let b = best;
      if (b !== null && b.level == Level.Basic) return b;
    }
    i = next;
  }
  return best;
}
