// The HTTP side of the console: JSON requests to Beacon's /api/v1 with the session token, and
// errors that name what went wrong (the server's message when it sent one).

// The server's error body: {"error": {"message", "field"?, "current"?}}.
interface ErrorBody {
  error?: { message?: string; field?: string; current?: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | undefined,
    readonly current: unknown,
  ) {
    super(message);
  }
}

export interface Session {
  token: string;
  user: string;
  role: string;
}

let session: Session | null = null;
let onUnauthorized: () => void = () => {};

export function setSession(s: Session | null): void {
  session = s;
}
export function currentSession(): Session | null {
  return session;
}
export function whenUnauthorized(f: () => void): void {
  onUnauthorized = f;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (session) headers["Authorization"] = `Bearer ${session.token}`;
  if (method === "POST") headers["Idempotency-Key"] = crypto.randomUUID();
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, `Beacon cannot be reached (${String(e)})`, undefined, undefined);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    if (res.status === 401 && session) onUnauthorized();
    const err = parsed && typeof parsed === "object" ? (parsed as ErrorBody).error : undefined;
    const message = err?.message ?? `${method} ${path}: HTTP ${res.status}`;
    throw new ApiError(res.status, message, err?.field, err?.current);
  }
  return parsed as T;
}

export const get = <T>(path: string) => request<T>("GET", path);
export const post = <T>(path: string, body: unknown = {}) => request<T>("POST", path, body);
