// The preview's entry: synthetic shadow (SLDS's global classes must reach into components, as in
// Lightning Experience), then the app shell.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from 'preview/app';

document.body.appendChild(createElement('preview-app', { is: App }));
