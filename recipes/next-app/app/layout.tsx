import type { ReactNode } from 'react';

export const metadata = { title: 'Spaces' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 960, margin: '2rem auto' }}>
        {children}
      </body>
    </html>
  );
}
