; NSIS 3 script of the Windows installer: per user (no administrator rights), a Start-menu
; entry, optional start at login and desktop shortcut, and an uninstaller that asks whether to
; keep the models, settings and history. Models are not bundled: the app gets or imports a
; signed bundle after installation.
;
; Compiled by .github/workflows/windows.yml after the one-folder build, and in the tests here:
;   makensis -DVERSION=0.1.0 [-DDIST=..\..\dist\assistant] [-DOUTFILE=setup.exe] installer.nsi

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "Pass the app's version: makensis -DVERSION=x.y.z installer.nsi"
!endif
!ifndef DIST
  !define DIST "..\..\dist\assistant"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\OfflineTranslationAssistant-${VERSION}-setup.exe"
!endif

!define APP_NAME "Offline Translation Assistant"
!define GUI_EXE "assistant-gui.exe"
!define CLI_EXE "assistant.exe"
; The same Run value and data folder the app itself uses (assistant/state/autostart.py and
; platformdirs' per-user data folder for OfflineTranslationAssistant).
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define RUN_VALUE "${APP_NAME}"
!define DATA_DIR "$LOCALAPPDATA\OfflineTranslationAssistant"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\OfflineTranslationAssistant"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

; The installer's own file properties.
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT licence"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "..\..\assistant\resources\icons\app.ico"
!define MUI_UNICON "..\..\assistant\resources\icons\app.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; A running copy holds its files open: close this user's copies first.
!macro CloseRunningApp
  ReadEnvStr $0 USERNAME
  nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM ${GUI_EXE} /FI "USERNAME eq $0"'
  Pop $0
  nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM ${CLI_EXE} /FI "USERNAME eq $0"'
  Pop $0
  Sleep 500
!macroend

Section "${APP_NAME}" SecApp
  SectionIn RO
  !insertmacro CloseRunningApp
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the whole program folder; the user's data lives elsewhere.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section /o "Start in the system tray when I sign in" SecAutostart
  WriteRegStr HKCU "${RUN_KEY}" "${RUN_VALUE}" '"$INSTDIR\${GUI_EXE}" --minimized'
SectionEnd

Section /o "Desktop shortcut" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
SectionEnd

Section "Uninstall"
  !insertmacro CloseRunningApp
  SetShellVarContext current
  ; Yes (and a silent uninstall) keeps the data for a later install; No deletes it, after
  ; clear-state has wiped the history and deleted its key from the credential store.
  MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON1 \
    "Keep your models, settings and translation history on this computer?$\r$\n$\r$\n\
Yes: keep them for a later installation.$\r$\nNo: delete them now." \
    /SD IDYES IDYES keep_data
  nsExec::Exec '"$INSTDIR\${CLI_EXE}" clear-state --yes --include-compiled-cache'
  Pop $0
  RMDir /r "${DATA_DIR}"
  keep_data:
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd
