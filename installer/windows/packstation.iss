; Inno Setup 6 script: installs the one-folder PyInstaller bundle of packstation on Windows.
;
; NOT BUILT OR TESTED HERE (no Windows machine in CI). On a Windows build machine, with
; Python 3.11, uv and Inno Setup 6.3 or later installed:
;   uv sync --frozen
;   .venv\Scripts\pyinstaller --noconfirm --clean installer\packstation.spec
;   .venv\Scripts\python installer\release_version.py --check-installed
;   dist\packstation\packstation.exe --smoke
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\windows\packstation.iss
; Output: installer\dist\packstation-<version>-setup.exe
;
; The version is not written here: it is read from packstation.exe's version resource, which
; PyInstaller stamps from installer\windows\version_info.txt (generated from pyproject.toml by
; installer/release_version.py). Override with ISCC /DAppVersion=...
;
; Uninstalling removes only what this script installed. Packers' settings, journal, labels and
; logs live in their user profile (%APPDATA%\packstation, %LOCALAPPDATA%\packstation) and are
; never deleted: there is deliberately no [UninstallDelete] section.

; The bundle PyInstaller wrote to dist\packstation at the repository top.
#define BundleDir AddBackslash(SourcePath) + "..\..\dist\packstation"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\packstation.exe", "ProductVersion")
#endif

[Setup]
; A fixed AppId makes every later version an upgrade of this one, never a second install.
AppId={{6F0E3C52-5A7B-4D6B-9E59-2B7C8E1F4A10}
AppName=Packstation
AppVersion={#AppVersion}
AppVerName=Packstation {#AppVersion}
AppPublisher=packstation maintainers
DefaultDirName={autopf}\Packstation
DefaultGroupName=Packstation
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=packstation-{#AppVersion}-setup
Compression=lzma2/fast
SolidCompression=no
UninstallDisplayIcon={app}\packstation.exe
CloseApplications=yes
RestartApplications=no

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle, so no module of the old version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Packstation"; Filename: "{app}\packstation.exe"
Name: "{group}\Uninstall Packstation"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\packstation.exe"; Description: "Start Packstation"; Flags: nowait postinstall skipifsilent
