// Result of normalizing one configured selector value: the value or why it is invalid.
export class Normalized {
  constructor(public value: string, public error: string | null) {}
}
