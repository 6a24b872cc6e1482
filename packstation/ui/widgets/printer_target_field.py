"""Where a document goes: an OS printer from the list, a typed tcp://HOST:PORT, or a folder.

Choosing "Folder…" opens a non-modal folder picker (`QFileDialog.open()`), never `exec()`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLineEdit, QWidget

FOLDER_SCHEME = "file:"


class PrinterTargetField(QWidget):
    edited = Signal(str)  # the target text, after any change

    def __init__(
        self, printers: Sequence[str], placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(list(printers))
        self.combo.addItem(self.tr("Folder…"))
        self._folder_index = self.combo.count() - 1
        line_edit = QLineEdit(self.combo)
        line_edit.setPlaceholderText(placeholder)
        line_edit.setClearButtonEnabled(True)
        self.combo.setLineEdit(line_edit)
        self.folder_dialog: QFileDialog | None = None
        self._text = ""
        self.set_text("")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.activated.connect(self._chosen)
        self.combo.editTextChanged.connect(self._typed)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText(text)

    def _typed(self, text: str) -> None:
        if text == self.combo.itemText(self._folder_index):
            return  # the "Folder…" item passing through the edit line, not a target
        self._text = text
        self.edited.emit(text)

    def _chosen(self, index: int) -> None:
        if index != self._folder_index:
            return
        self.combo.setEditText(self._text)
        self._open_folder_dialog()

    def _open_folder_dialog(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose the folder documents are written to"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if self._text.startswith(FOLDER_SCHEME):
            dialog.setDirectory(self._text.removeprefix(FOLDER_SCHEME))
        dialog.fileSelected.connect(self._folder_chosen)
        self.folder_dialog = dialog
        dialog.open()

    def _folder_chosen(self, path: str) -> None:
        if path:
            self.combo.setEditText(f"{FOLDER_SCHEME}{path}")
