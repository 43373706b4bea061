import { Finding } from "./finding";
export function detectXss(value: string): Finding | null { return null; }
