import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import './styles.css'
import { WalletProvider } from './wallet/WalletContext.js'

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <WalletProvider>
        <App />
      </WalletProvider>
    </StrictMode>,
  )
}
