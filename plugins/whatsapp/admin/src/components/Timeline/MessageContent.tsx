import { Box, Flex, Typography } from '@strapi/design-system';
import { styled } from 'styled-components';
import type { MessageView } from '../../../../shared/contracts/conversations';
import { useT } from '../../hooks/use-t';
import { SafeText, safeHref } from './SafeText';

/** The inside of a bubble, one rendering per WhatsApp message type. Everything is text nodes. */

const backend = () => ((window as any).strapi?.backendURL as string | undefined)?.replace(/\/+$/, '') ?? '';

/** Media library URLs are relative to the Strapi server (local provider) or absolute (cloud providers). */
export function mediaUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  if (url.startsWith('/')) return `${backend()}${url}`;
  return safeHref(url);
}

const Picture = styled.img`
  display: block;
  max-width: 100%;
  max-height: 280px;
  border-radius: 6px;
  object-fit: contain;
`;

const Sticker = styled.img`
  width: 128px;
  height: 128px;
  object-fit: contain;
`;

const Note = ({ children }: { children: React.ReactNode }) => (
  <Typography variant="pi" textColor="neutral600" style={{ fontStyle: "italic" }}>
    {children}
  </Typography>
);

/** What a payload holds under its type key (Meta's shape) or directly. */
const part = (message: MessageView, key: string): any => {
  const payload = message.payload as any;
  if (!payload || typeof payload !== 'object') return null;
  return payload[key] ?? payload;
};

const MediaState = ({ message }: { message: MessageView }) => {
  const t = useT();
  if (message.media?.status === 'failed') return <Note>{t('inbox.media.failed', 'The file could not be downloaded from WhatsApp.')}</Note>;
  return <Note>{t('inbox.media.pending', 'The file is being downloaded…')}</Note>;
};

export const MessageContent = ({ message }: { message: MessageView }) => {
  const t = useT();
  const src = mediaUrl(message.media?.url);
  const caption = message.caption ? (
    <Box paddingTop={1}>
      <SafeText text={message.caption} />
    </Box>
  ) : null;

  switch (message.type) {
    case 'text':
      return <SafeText text={message.body} />;
    case 'image':
      return (
        <>
          {src ? <Picture src={src} alt={message.caption ?? t('inbox.type.image', 'Photo')} loading="lazy" /> : <MediaState message={message} />}
          {caption}
        </>
      );
    case 'sticker':
      return src ? <Sticker src={src} alt={t('inbox.type.sticker', 'Sticker')} loading="lazy" /> : <MediaState message={message} />;
    case 'video':
      return (
        <>
          {src ? <video src={src} controls preload="metadata" style={{ maxWidth: '100%', borderRadius: 6 }} /> : <MediaState message={message} />}
          {caption}
        </>
      );
    case 'audio':
      return src ? <audio src={src} controls preload="none" /> : <MediaState message={message} />;
    case 'document':
      return (
        <>
          <Flex gap={2} alignItems="center">
            <span aria-hidden>📄</span>
            {src ? (
              <a href={src} target="_blank" rel="noopener noreferrer" download={message.media?.filename ?? undefined}>
                {message.media?.filename ?? t('inbox.type.document', 'Document')}
              </a>
            ) : (
              <Typography>{message.media?.filename ?? t('inbox.type.document', 'Document')}</Typography>
            )}
          </Flex>
          {!src && <MediaState message={message} />}
          {caption}
        </>
      );
    case 'location': {
      const location = part(message, 'location') ?? {};
      const lat = Number(location.latitude);
      const lon = Number(location.longitude);
      const valid = Number.isFinite(lat) && Number.isFinite(lon);
      return (
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography fontWeight="semiBold">📍 {location.name ? String(location.name) : t('inbox.type.location', 'Location')}</Typography>
          {location.address && <Typography variant="pi">{String(location.address)}</Typography>}
          {valid && (
            <a href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`} target="_blank" rel="noopener noreferrer">
              {t('inbox.location.open', 'Open map ({lat}, {lon})', { lat: lat.toFixed(5), lon: lon.toFixed(5) })}
            </a>
          )}
        </Flex>
      );
    }
    case 'contacts': {
      const contacts = part(message, 'contacts');
      const list: any[] = Array.isArray(contacts) ? contacts : [];
      return (
        <Flex direction="column" alignItems="flex-start" gap={1}>
          {list.map((contact, i) => (
            <Box key={i}>
              <Typography fontWeight="semiBold">👤 {String(contact?.name?.formatted_name ?? '')}</Typography>
              {(contact?.phones ?? []).map((phone: any, j: number) => (
                <Typography key={j} variant="pi" display="block">
                  {String(phone?.phone ?? phone?.wa_id ?? '')}
                </Typography>
              ))}
            </Box>
          ))}
        </Flex>
      );
    }
    case 'interactive': {
      const interactive = part(message, 'interactive') ?? {};
      const reply = interactive.button_reply ?? interactive.list_reply;
      if (reply) {
        return (
          <Flex direction="column" alignItems="flex-start">
            <Typography>↩ {String(reply.title ?? '')}</Typography>
            {reply.description && <Typography variant="pi">{String(reply.description)}</Typography>}
          </Flex>
        );
      }
      if (interactive.nfm_reply) return <SafeText text={String(interactive.nfm_reply.body ?? t('inbox.type.flow', 'Form submitted'))} />;
      const buttons: any[] = interactive.action?.buttons ?? interactive.buttons ?? [];
      return (
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <SafeText text={message.body ?? interactive.body?.text ?? interactive.body ?? ''} />
          {buttons.map((button, i) => (
            <Typography key={i} variant="pi" textColor="primary600">
              ▢ {String(button?.reply?.title ?? button?.title ?? '')}
            </Typography>
          ))}
        </Flex>
      );
    }
    case 'button': {
      const button = part(message, 'button') ?? {};
      return <Typography>↩ {String(button.text ?? message.body ?? '')}</Typography>;
    }
    case 'template':
      return (
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="pi" textColor="neutral600">
            {t('inbox.template.label', 'Template {name}', { name: message.template?.name ?? '' })}
          </Typography>
          {message.body ? <SafeText text={message.body} /> : <TemplateParameters message={message} />}
        </Flex>
      );
    case 'order': {
      const order = part(message, 'order') ?? {};
      const items: any[] = order.product_items ?? [];
      return (
        <Flex direction="column" alignItems="flex-start">
          <Typography fontWeight="semiBold">🛒 {t('inbox.order.items', '{count, plural, one {# item} other {# items}}', { count: items.length })}</Typography>
          {order.text && <SafeText text={String(order.text)} />}
        </Flex>
      );
    }
    case 'system':
      return <Note><SafeText text={message.body ?? t('inbox.type.system', 'System notice')} /></Note>;
    case 'request_welcome':
      return <Note>{t('inbox.type.request_welcome', 'The customer opened the chat for the first time.')}</Note>;
    default:
      return (
        <Note>
          {message.body ? <SafeText text={message.body} /> : t('inbox.type.unsupported', 'This message type cannot be shown here.')}
        </Note>
      );
  }
};

const TemplateParameters = ({ message }: { message: MessageView }) => {
  const parameters = message.template?.parameters as any;
  const body: unknown[] = Array.isArray(parameters) ? parameters : Array.isArray(parameters?.body) ? parameters.body : parameters?.body ? Object.values(parameters.body) : [];
  if (body.length === 0) return null;
  return (
    <Typography variant="pi">
      {body.map((value) => (typeof value === 'object' && value ? String((value as any).text ?? (value as any).fallbackValue ?? '') : String(value))).join(' · ')}
    </Typography>
  );
};
