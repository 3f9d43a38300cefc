import type { Storage, StoreItems } from 'botbuilder';
import { ETagConflictError, type DocumentChange, type DocumentStore } from '../storage/repositories';

/**
 * botbuilder `Storage` (for ConversationState, UserState, dialog state) over a {@link DocumentStore}.
 * An item's `eTag` is kept beside the document, not inside it: `read` puts the current eTag on each
 * item, and `write` treats a missing or `"*"` eTag as unconditional and any other as "must match".
 */
export class BotStateStorage implements Storage {
  constructor(private readonly documents: DocumentStore) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const stored = await this.documents.read(keys);
    const items: StoreItems = {};
    for (const [key, { document, eTag }] of Object.entries(stored)) {
      items[key] = { ...document, eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const documentChanges = Object.entries(changes).map(([key, item]): DocumentChange => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new TypeError(`BotStateStorage.write(): the item for key "${key}" must be an object.`);
      }
      const { eTag, ...document } = item as Record<string, unknown>;
      if (eTag !== undefined && eTag !== null && typeof eTag !== 'string') {
        throw new TypeError(`BotStateStorage.write(): the eTag of key "${key}" must be a string.`);
      }
      // botbuilder's own storages (MemoryStorage, Cosmos DB) write unconditionally on any falsy eTag.
      return { key, document, expectedETag: eTag ? eTag : undefined };
    });
    if (documentChanges.length === 0) return;
    try {
      await this.documents.write(documentChanges);
    } catch (error) {
      if (error instanceof ETagConflictError) {
        throw new Error(`BotStateStorage.write(): eTag conflict for key "${error.key}": the item changed since it was read.`, { cause: error });
      }
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.documents.delete(keys);
  }
}
