import { MetaMessagingPlatform, type MetaPlatformDependencies } from './meta-messaging-platform';

/** The `instagram` section of ChannelsConfig (server/config.ts). */
export interface InstagramPlatformConfig {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  /** https://graph.instagram.com/v25.0 (Instagram Login), or graph.facebook.com for a Page-linked account. */
  apiBaseUrl: string;
}

/**
 * Instagram messaging: recipients are Instagram-scoped ids (IGSIDs, not the PSID of the same person),
 * the token goes in `Authorization: Bearer` (Instagram API with Instagram Login; graph.facebook.com
 * accepts the header too, for a Page-linked account), text is at most 1000 UTF-8 bytes, and the
 * webhook may use the `changes` shape (shared/domain/channels.md section 4). Instagram has no
 * delivery receipts and no edits; `messaging_seen` arrives as `read:{mid}`.
 */
export class InstagramPlatform extends MetaMessagingPlatform {
  constructor(config: InstagramPlatformConfig, dependencies: MetaPlatformDependencies) {
    super(
      {
        channelId: 'instagram',
        platformName: 'Instagram',
        webhookObject: 'instagram',
        appSecret: config.appSecret,
        verifyToken: config.verifyToken,
        accessToken: config.accessToken,
        apiBaseUrl: config.apiBaseUrl,
        authentication: 'bearer',
        limits: { textMax: 1000, textUnit: 'utf8-bytes', buttonsMax: 13, buttonTitleMax: 20, listRowsMax: 0, listRowTitleMax: 0 },
        readsChanges: true,
        // Instagram Login fields (channels.md 4); echoes arrive with `messages`. Reactions are ignored.
        webhookFields: ['messages', 'messaging_postbacks', 'messaging_seen'],
      },
      dependencies,
    );
  }
}
