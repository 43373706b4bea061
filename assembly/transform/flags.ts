// Anomaly bits recorded on an item (Item.flags) and returned by the decoding
// transformations. They say what the decoder saw, not whether it is an attack:
// deny rules (e.g. an ENCODING rule) decide what to do with them.
export namespace ItemFlag {
  // A '%' not followed by two hex digits (or, with %u decoding, four); kept as written.
  export const InvalidPercent: u32 = 1 << 0;
  // Bytes that are not well-formed UTF-8 (each maximal bad subpart became U+FFFD).
  export const InvalidUtf8: u32 = 1 << 1;
  // An overlong UTF-8 form such as C0 AF (a "/" in disguise); also counted as InvalidUtf8.
  export const OverlongUtf8: u32 = 1 << 2;
  // A NUL character (U+0000) in the decoded value.
  export const HasNul: u32 = 1 << 3;
  // A "%uXXXX" escape (IIS-style) was decoded.
  export const PercentUnicode: u32 = 1 << 4;
  // Decoding once more still changed the value: it was percent-encoded at least twice.
  export const DoubleEncoded: u32 = 1 << 5;
  // A "%uXXXX" or "\uXXXX" escape that named a lone UTF-16 surrogate.
  export const LoneSurrogate: u32 = 1 << 6;
  // An HTML character reference was decoded.
  export const HtmlEntity: u32 = 1 << 7;
  // A control character other than TAB, CR, LF (C0 or DEL) in the decoded value.
  export const ControlChar: u32 = 1 << 8;
  // The multipart part or JSON value was not inspected in full (e.g. file contents).
  export const NotInspected: u32 = 1 << 9;
  // Path only (path.ts): "." or ".." segments were removed.
  export const DotSegment: u32 = 1 << 10;
  // Path only: empty segments ("//") were merged.
  export const RepeatedSlash: u32 = 1 << 11;
  // Path only: a backslash (raw or "%5C") was read as a slash.
  export const Backslash: u32 = 1 << 12;
  // Path only: a ";" path parameter was split off a segment.
  export const PathParameter: u32 = 1 << 13;
  // Path only: an encoded slash ("%2F") became a separator.
  export const EncodedSlash: u32 = 1 << 14;
}
