"""Change pages laid out in sections: each inline is shown right after the fieldset it belongs to, so a
product page reads top to bottom the way a manager works (main, media, prices and stock, description,
integrations, record) instead of every table piling up under the last fieldset."""


class SectionedAdminMixin:
    """`inline_sections` is a list of (fieldset name, [inline classes]); `inlines` is derived from it.
    Inlines of a section that has no fieldset, or of no section, are shown at the end as usual."""

    change_form_template = "admin/catalog/sectioned_change_form.html"
    inline_sections: list = []

    def get_inlines(self, request, obj):
        return [inline for _name, inlines in self.inline_sections for inline in inlines]

    def get_inline_instances(self, request, obj=None):
        fieldset_names = {name for name, _options in self.get_fieldsets(request, obj)}
        section_of = {
            inline: name for name, inlines in self.inline_sections if name in fieldset_names for inline in inlines
        }
        instances = super().get_inline_instances(request, obj)
        for instance in instances:
            instance.section = section_of.get(type(instance))
        return instances
