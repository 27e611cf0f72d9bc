import { useStrapiApp } from '@strapi/strapi/admin';
import type { ComponentType } from 'react';

/** A file chosen in Strapi's media library, as the composer sends it (the outbox uploads it to Meta). */
export interface PickedFile {
  id: number;
  name: string;
  mime: string;
  url: string;
}

interface MediaLibraryDialogProps {
  allowedTypes: string[];
  multiple?: boolean;
  onClose: () => void;
  onSelectAssets: (assets: any[]) => void;
}

/** Strapi's own media library dialog (registered by the upload plugin as the `media-library` component). */
export const MediaPicker = ({ onClose, onPick }: { onClose: () => void; onPick: (file: PickedFile) => void }) => {
  const components = useStrapiApp('WhatsAppMediaPicker', (state: any) => state.components);
  const Dialog = components?.['media-library'] as ComponentType<MediaLibraryDialogProps> | undefined;
  if (!Dialog) return null;
  return (
    <Dialog
      allowedTypes={['images', 'videos', 'audios', 'files']}
      multiple={false}
      onClose={onClose}
      onSelectAssets={(assets) => {
        const asset = assets?.[0];
        if (asset) onPick({ id: asset.id, name: asset.name, mime: asset.mime, url: asset.url });
        onClose();
      }}
    />
  );
};

/** Which WhatsApp message type a file goes out as. */
export function messageTypeOf(mime: string): 'image' | 'video' | 'audio' | 'document' | 'sticker' {
  if (mime === 'image/webp') return 'sticker';
  if (mime === 'image/jpeg' || mime === 'image/png') return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'document';
}
