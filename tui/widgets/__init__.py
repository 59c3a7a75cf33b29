"""The reader's widgets; each shows what the screen gives it and posts messages up."""

from .article_list import ArticleList
from .footer import ReaderFooter
from .reading_pane import ReadingPane
from .related_sidebar import RelatedSidebar
from .tag_chips import TagChips

__all__ = ["ArticleList", "ReaderFooter", "ReadingPane", "RelatedSidebar", "TagChips"]
