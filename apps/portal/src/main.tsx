import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { localiseAntdAria } from './i18n/aria';

// antd ships no global reset: without this the browser's 8px body margin frames every screen (and costs 16px on a phone).
document.body.style.margin = '0';
localiseAntdAria();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
