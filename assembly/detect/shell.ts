import { Finding } from "./finding";
export function detectShell(value: string): Finding | null { return null; }
