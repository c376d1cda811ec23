/**
 * Exposes the workbench's actions to the sandboxed page: one function per request and one
 * `onXxx` subscription per event, built from the contract. Never a generic send/on.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { EventName } from '../protocol/contract';
import { eventNames, methodNames, subscriberName } from '../protocol/contract';
import { EVENT_CHANNEL, requestChannel } from '../protocol/channels';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>(eventNames.map((name) => [name, new Set()]));

ipcRenderer.on(EVENT_CHANNEL, (_event, message: { event?: unknown; payload?: unknown }) => {
  const set = listeners.get(message?.event as EventName);
  // main validated the payload; the renderer checks it again before use
  set?.forEach((listener) => listener(message.payload));
});

const bridge: Record<string, unknown> = {};
for (const method of methodNames) {
  bridge[method] = (params: unknown) => ipcRenderer.invoke(requestChannel(method), params);
}
for (const event of eventNames) {
  bridge[subscriberName(event)] = (listener: Listener) => {
    listeners.get(event)!.add(listener);
    return () => listeners.get(event)!.delete(listener);
  };
}

contextBridge.exposeInMainWorld('workbench', bridge);
