import { Button, Menu } from '@mantine/core';
import type { DownloadLink } from './downloads';

/**
 * A "Download" button opening the files a page can be taken away as
 * (spreadsheets, the PDF report, OSCAL documents). Each entry is a plain
 * link: the browser downloads with the session cookie, the server streams.
 */
export function DownloadMenu({ links, label = 'Download' }: { links: DownloadLink[]; label?: string }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" aria-haspopup="menu">
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {links.map((link) => (
          <Menu.Item key={link.href} component="a" href={link.href} download>
            {link.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
