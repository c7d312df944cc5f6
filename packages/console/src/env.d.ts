/// <reference types="vite/client" />
// Lets views import their own stylesheet (`import './moderation.css'`), which Vite bundles.
