import type { Api } from "grammy";

/**
 * Shows "typing…" in a chat until the returned function is called. Telegram clears the indicator
 * after about 5 seconds, so it is re-sent every `intervalMs`. Failures are ignored: the indicator is
 * a courtesy, and some Bot API servers (and emulators) do not support it.
 */
export function keepTyping(api: Api, chatId: number, intervalMs: number): () => void {
  const send = () => void api.sendChatAction(chatId, "typing").catch(() => undefined);
  send();
  const timer = setInterval(send, intervalMs);
  return () => clearInterval(timer);
}
