"""Creating a page when its slug is taken between the form's check and the save.

Wagtail checks the slug in the form, then saves the page, which checks it again and raises a
ValidationError (a 500) if a sibling took it meanwhile: an autosave running while « Publier »
or « Enregistrer » is still saving the same new page, or two people creating « Atelier » at
once. Here that save is rolled back and the form answers with the error, in French.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.create import CreateView


class CreatePageView(CreateView):
    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ValidationError as error:
            # Nothing was written: forget the tree position the failed save gave the page.
            self.page.path = self.page.depth = None
            self.page.numchild = 0
            for field, messages in error.message_dict.items():
                if field == "slug":
                    messages = [
                        _(
                            "L'identifiant d'URL « %(slug)s » vient d'être pris par une autre "
                            "page au même endroit : changez-le ou rechargez la liste des pages."
                        )
                        % {"slug": self.page.slug}
                    ]
                form.add_error(field if field in form.fields else None, messages)
            return self.form_invalid(form)
